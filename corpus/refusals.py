"""Why a file is refused: one Vietnamese message per reason, naming the file and what to do."""
from __future__ import annotations

from corpus.errors import UnreadableFile
from corpus.legacy import legacy_message


def format_size(size: int) -> str:
    """A byte count as an office worker reads it: "850 byte", "1,5 KB", "12 MB"."""
    for unit, scale in (("MB", 1024 * 1024), ("KB", 1024)):
        if size >= scale:
            value = f"{size / scale:.1f}".removesuffix(".0")
            return f"{value.replace('.', ',')} {unit}"
    return f"{size} byte"


_MESSAGES = {
    "empty": "Tệp «{name}» không có nội dung (tệp rỗng). Hãy kiểm tra lại và gửi đúng tệp văn bản.",
    "binary": "Tệp «{name}» không phải là văn bản đọc được (có vẻ là tệp nhị phân hoặc bị hỏng). "
    "Hãy gửi văn bản dạng .docx, .pdf hoặc .txt.",
    "not_utf8": "Tệp «{name}» không được lưu bằng mã Unicode (UTF-8) nên không đọc được. "
    "Hãy mở tệp bằng Notepad, chọn Lưu thành (Save As) với mã hóa UTF-8 rồi gửi lại.",
    "scanned": "Tệp «{name}» là bản scan (không có lớp chữ) nên không đọc được. "
    "Hãy gửi bản .docx hoặc PDF có chữ.",
    "docx_corrupt": "Tệp «{name}» bị hỏng hoặc không phải tệp Word .docx thật (có thể là tệp .doc đổi đuôi "
    "hoặc tệp có đặt mật khẩu) nên không mở được. Hãy mở bằng Word, chọn Lưu thành (Save As) "
    "dạng .docx rồi gửi lại.",
    "pdf_corrupt": "Tệp «{name}» bị hỏng hoặc không phải tệp PDF thật nên không mở được. "
    "Hãy xuất lại PDF từ văn bản gốc hoặc gửi bản .docx.",
    "pdf_password": "Tệp «{name}» có đặt mật khẩu nên không mở được. "
    "Hãy gửi bản PDF không đặt mật khẩu hoặc bản .docx.",
    "old_word": "Tệp «{name}» có định dạng {ext} cũ, chưa đọc được. "
    "Hãy mở bằng Word và lưu lại dưới dạng .docx (Lưu thành → Word Document) rồi gửi lại.",
    "unsupported": "Tệp «{name}» có định dạng {ext}, chưa được hỗ trợ. Hãy gửi văn bản dạng .docx, .pdf hoặc .txt.",
    "too_large": "Tệp «{name}» có dung lượng {size}, vượt giới hạn {limit}. "
    "Hãy gửi tệp nhỏ hơn (ví dụ tách phụ lục, bỏ ảnh) rồi gửi lại.",
    "unpacked_too_large": "Tệp «{name}» khi giải nén lớn hơn {limit} nên không đọc được. "
    "Hãy bỏ bớt ảnh hoặc tách văn bản rồi gửi lại.",
}
_REASONS = {"not_utf8": "binary", "docx_corrupt": "corrupt", "pdf_corrupt": "corrupt", "pdf_password": "corrupt",
            "old_word": "unsupported", "unpacked_too_large": "too_large"}


def refusal(kind: str, name: str, **values: str) -> UnreadableFile:
    """The UnreadableFile for one kind of refusal, its message naming the file."""
    message = _MESSAGES[kind].format(name=name, **values)
    return UnreadableFile(message, reason=_REASONS.get(kind, kind))


def legacy_refusal(name: str, encoding: str) -> UnreadableFile:
    """The refusal of a file typed with a pre-Unicode Vietnamese font."""
    return UnreadableFile(legacy_message(name, encoding), reason="legacy_encoding")


