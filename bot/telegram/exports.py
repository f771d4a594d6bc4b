"""/xuat (the task list as an Excel workbook) and /lich (a unit's deadlines as a calendar file), made off the
event loop and sent as documents."""
from __future__ import annotations

import asyncio
import datetime as dt
import io

from telegram import InputFile, Update
from telegram.ext import ContextTypes

from bot.exports import service
from bot.exports.rows import Filters
from bot.registration import UnitRef
from bot.reminders.policy import Policy
from bot.services import Services
from bot.telegram import handlers
from bot.telegram.access import gate_of, local_now, policy_of, refuse, services_of
from bot.telegram.render import MSG, esc
from bot.telegram.replies import reply_html
from corpus.errors import NotFound


def _workbook(services: Services, policy: Policy, now: dt.datetime, arg: str) -> tuple[bytes, str, int, str]:
    """The workbook of one document (by number, file or id), of units named like `arg`, or of everything."""
    from bot.documents import find_document

    filters, scope = Filters(), "mọi văn bản"
    if arg:
        try:
            with services.sessions() as session:
                doc = find_document(session, arg)
                filters, scope = Filters(document_id=doc.id), doc.title()
        except NotFound:
            filters, scope = Filters(unit=arg), f"đơn vị «{arg}»"
    data, name, count = service.workbook(services, policy, now, filters, per_document=not filters.document_id)
    return data, name, count, scope


async def export_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/xuat [số văn bản | đơn vị]: the confirmed tasks and each unit's status, as .xlsx (coordinators)."""
    gate = gate_of(context)
    if not gate.may_coordinate(await gate.caller(update)):
        await refuse(update, MSG["admin_only"])
        return
    arg, now = handlers.command_rest(update.effective_message), local_now(gate.settings)
    data, name, count, scope = await asyncio.to_thread(_workbook, services_of(context), policy_of(context), now, arg)
    if not count:
        await reply_html(update, f"Không có nhiệm vụ đã xác nhận nào ({esc(scope)}) để xuất.")
        return
    await _send(update, data, name, f"Danh sách nhiệm vụ và tiến độ ({scope}): {count} dòng, mở bằng Excel.")


async def calendar_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/lich [đơn vị]: this chat's unit's deadlines as an .ics file (coordinators may name any unit)."""
    gate = gate_of(context)
    caller = await gate.caller(update)
    arg = handlers.command_rest(update.effective_message)
    services = services_of(context)
    if arg and not gate.may_coordinate(caller):
        await refuse(update, "Chỉ điều phối viên xem được lịch của đơn vị khác; gõ /lich để lấy lịch của đơn vị mình.")
        return
    unit: UnitRef | None = await asyncio.to_thread(service.unit_by_name, services, arg) if arg else caller.unit
    if unit is None:
        await reply_html(update, MSG["no_unit"])
        return
    today = local_now(gate.settings).date()
    cal = await asyncio.to_thread(service.calendar, services, policy_of(context), unit, today)
    past = (f"\n{cal.past} hạn đã qua (quá hạn nếu chưa xong) không đưa vào lịch — xem bằng /viec."
            if cal.past else "")
    if not cal.upcoming:
        await reply_html(update, f"{esc(unit.label())} không có hạn nào sắp tới trong các nhiệm vụ đã xác nhận."
                                 + esc(past))
        return
    await _send(update, cal.data, cal.file_name, f"Lịch {cal.upcoming} hạn sắp tới của {unit.label()}: mở tệp để "
                                                 "thêm vào lịch (Google, Outlook, điện thoại); mỗi hạn có nhắc trước."
                                                 + past)


async def _send(update: Update, data: bytes, name: str, caption: str) -> None:
    chat = update.effective_chat
    assert chat is not None
    await update.get_bot().send_document(chat.id, InputFile(io.BytesIO(data), filename=name), caption=caption[:1000])
