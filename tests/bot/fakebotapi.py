"""Fake Telegram Bot API HTTP server (stdlib only) for offline end-to-end tests with PTB."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import itertools
import json
import mimetypes
import threading
import time
from collections import deque
from collections.abc import AsyncIterator, Callable
from email.parser import BytesParser
from email.policy import HTTP
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

JSONDict = dict[str, Any]

# Form values that are plain strings and must never be JSON-decoded ("123" stays "123").
STRING_KEYS = frozenset({
    "text", "caption", "parse_mode", "callback_query_id", "file_id", "action", "url", "data",
    "secret_token", "inline_message_id", "language_code", "title", "description"})
TOO_MANY = "Too Many Requests: retry after 1"


class ApiError(Exception):
    """A Bot API error response (ok=false)."""

    def __init__(self, code: int, description: str, parameters: JSONDict | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.parameters = code, description, parameters

    def body(self) -> JSONDict:
        """Return the JSON error body Telegram would send."""
        extra = {"parameters": self.parameters} if self.parameters else {}
        return {"ok": False, "error_code": self.code, "description": self.description, **extra}


def _decode_value(key: str, value: str) -> Any:
    """Decode one form value the way PTB encoded it (JSON for non-strings)."""
    if key in STRING_KEYS or value.startswith("attach://"):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


def _parse_multipart(content_type: str, body: bytes) -> JSONDict:
    """Parse multipart/form-data; file parts become {"file_name","data","mime_type"}."""
    msg = BytesParser(policy=HTTP).parsebytes(
        b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
    out: JSONDict = {}
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        assert isinstance(name, str) and isinstance(payload, bytes | None)
        data = payload or b""
        if part.get_filename() is not None:
            out[name] = {"file_name": part.get_filename(), "data": data,
                         "mime_type": part.get_content_type()}
        else:
            out[name] = _decode_value(name, data.decode("utf-8"))
    for key, value in list(out.items()):  # resolve attach://<name> references
        if isinstance(value, str) and value.startswith("attach://"):
            out[key] = out.pop(value[len("attach://"):], value)
    return out


def _parse_params(content_type: str, body: bytes, query: str) -> JSONDict:
    """Merge query-string and body (form, multipart or JSON) parameters."""
    params: JSONDict = {k: _decode_value(k, v[-1]) for k, v in parse_qs(query).items()}
    ctype = content_type.split(";")[0].strip().lower()
    if ctype == "application/json" and body:
        params.update(json.loads(body))
    elif ctype == "multipart/form-data":
        params.update(_parse_multipart(content_type, body))
    elif body:
        form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
        params.update({k: _decode_value(k, v[-1]) for k, v in form.items()})
    return params


def _locked(func: Callable[..., Any]) -> Callable[..., Any]:
    """Run a FakeBotAPI method while holding its lock."""
    @functools.wraps(func)
    def wrapper(self: FakeBotAPI, *args: Any, **kwargs: Any) -> Any:
        with self._cond:
            return func(self, *args, **kwargs)
    return wrapper


class FakeBotAPI:
    """In-memory Telegram Bot API on 127.0.0.1 with recording and error injection."""

    def __init__(self, token: str = "123456:TEST-TOKEN", bot_username: str = "cchc_test_bot",
                 *, max_per_second: int | None = None) -> None:
        self.token, self.bot_username, self.max_per_second = token, bot_username, max_per_second
        self.bot_id = int(token.split(":")[0])
        self.bot_user: JSONDict = {"id": self.bot_id, "is_bot": True, "first_name": "CCHC Test",
                                   "username": bot_username}
        self._cond = threading.Condition(threading.RLock())  # guards all state below
        self._ids = itertools.count(1)  # message, callback and file ids
        self._update_ids = itertools.count(1)
        self._files: dict[str, tuple[str, bytes]] = {}  # file_id -> (file_path, bytes)
        self._chats: dict[int, JSONDict] = {}
        self._closed = False
        self._init_state()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _make_handler(self))
        self.port = self._httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}/bot"
        self.base_file_url = f"http://127.0.0.1:{self.port}/file/bot"
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,),
                                        daemon=True, name="FakeBotAPI")
        self._thread.start()

    def _init_state(self) -> None:
        """(Re)initialise recorded and injected state."""
        self.updates: list[JSONDict] = []  # pending (unconfirmed) updates
        self.sent: list[JSONDict] = []  # every accepted sendMessage/sendDocument, in order
        self.all_calls: list[tuple[str, JSONDict]] = []  # (method, params), failures included
        self.webhook: JSONDict = {}
        self.my_commands: dict[str, list[JSONDict]] = {}  # scope type -> commands
        self._messages: dict[tuple[int, int], JSONDict] = {}  # bot messages by (chat, id)
        self._blocked: set[int | None] = set()
        self._flood: dict[int | None, int] = {}
        self._migrated: dict[int, int] = {}
        self._failing: dict[str, list[ApiError]] = {}  # method (lower case) -> errors to return, in order
        self._members: dict[tuple[int, int], str] = {}  # (chat, user) -> status for getChatMember
        self._slow: dict[str, list[float]] = {}  # method (lower case) -> seconds to hold the next responses
        self._window: deque[float] = deque()

    def close(self) -> None:
        """Stop the server and wake any long-polling request (idempotent)."""
        with self._cond:
            if self._closed:
                return
            self._closed = True
            self._cond.notify_all()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._thread.join(timeout=5)

    @_locked
    def reset(self) -> None:
        """Forget pending updates, recorded calls, bot messages and injected errors."""
        self._init_state()

    def builder(self) -> Any:
        """Return a PTB ApplicationBuilder already pointed at this server."""
        from telegram.ext import Application  # lazy: the server itself is stdlib-only

        return (Application.builder().token(self.token).base_url(self.base_url)
                .base_file_url(self.base_file_url))

    # Error injection ------------------------------------------------------------------
    @_locked
    def block_chat(self, chat_id: int | None = None, blocked: bool = True) -> None:
        """Make sends to chat_id (None = every chat) fail with 403; blocked=False undoes it."""
        (self._blocked.add if blocked else self._blocked.discard)(chat_id)

    @_locked
    def flood(self, n: int = 1, *, chat_id: int | None = None) -> None:
        """Make the next n sends (to chat_id, or to any chat) fail with 429 retry_after=1."""
        self._flood[chat_id] = self._flood.get(chat_id, 0) + n

    @_locked
    def fail(self, method: str, n: int = 1, *, code: int = 400,
             description: str = "Bad Request: query is too old and response timeout expired or query ID is invalid",
             parameters: JSONDict | None = None) -> None:
        """Make the next n calls of method fail with this error (the call is still recorded)."""
        self._failing.setdefault(method.lower(), []).extend([ApiError(code, description, parameters)] * n)

    @_locked
    def slow(self, method: str, seconds: float, n: int = 1) -> None:
        """Hold the response of the next n calls of method for `seconds`, after the call took effect
        (a message is delivered, but the bot's request times out waiting for the answer)."""
        self._slow.setdefault(method.lower(), []).extend([seconds] * n)

    @_locked
    def _hold(self, method: str) -> float:
        pending = self._slow.get(method.lower())
        return pending.pop(0) if pending else 0.0

    @_locked
    def migrate_chat(self, chat_id: int, new_chat_id: int) -> None:
        """Make sends to chat_id fail with 400 migrate_to_chat_id=new_chat_id."""
        self._migrated[chat_id] = new_chat_id

    # Incoming updates -----------------------------------------------------------------
    @_locked
    def register_file(self, data: bytes, file_name: str = "file.bin") -> str:
        """Store bytes for getFile/download and return the new file_id."""
        ext = file_name.rsplit(".", 1)[-1] if "." in file_name else "bin"
        n = next(self._ids)
        self._files[f"FILE{n}"] = (f"documents/file_{n}.{ext}", bytes(data))
        return f"FILE{n}"

    def push_text(self, chat_id: int, text: str, *, user_id: int | None = None,
                  chat_type: str | None = None, username: str | None = None) -> JSONDict:
        """Queue a text message (bot_command entity for '/cmd[@bot]'); return the update."""
        msg = self._user_message(chat_id, user_id, chat_type, username)
        msg["text"] = text
        if text.startswith("/"):
            units = len(text.split(maxsplit=1)[0].encode("utf-16-le")) // 2  # UTF-16 length
            msg["entities"] = [{"type": "bot_command", "offset": 0, "length": units}]
        return self._push({"message": msg})

    def push_document(self, chat_id: int, file_name: str, data: bytes, *,
                      user_id: int | None = None, mime_type: str | None = None,
                      caption: str | None = None) -> JSONDict:
        """Queue a document message whose bytes are served by getFile + download."""
        file_id = self.register_file(data, file_name)
        msg = self._user_message(chat_id, user_id, None, None)
        mime = mime_type or mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        msg["document"] = {"file_id": file_id, "file_unique_id": f"U{file_id}",
                           "file_name": file_name, "mime_type": mime, "file_size": len(data)}
        if caption is not None:
            msg["caption"] = caption
        return self._push({"message": msg})

    def push_callback(self, chat_id: int, user_id: int, data: str, *,
                      message_id: int) -> JSONDict:
        """Queue a callback_query from a button on bot message message_id."""
        with self._cond:
            message = self._messages.get((chat_id, message_id)) or {
                "message_id": message_id, "date": int(time.time()),
                "chat": self._chat(chat_id), "from": self.bot_user, "text": ""}
            query = {"id": str(next(self._ids)), "from": self._user(user_id, None),
                     "message": message, "chat_instance": str(chat_id), "data": data}
        return self._push({"callback_query": query})

    def push_sticker(self, chat_id: int, user_id: int) -> JSONDict:
        """Queue a sticker message (a non-text update)."""
        msg = self._user_message(chat_id, user_id, None, None)
        msg["sticker"] = {"file_id": f"STK{msg['message_id']}", "file_unique_id": "STKU",
                          "type": "regular", "width": 512, "height": 512,
                          "is_animated": False, "is_video": False, "emoji": "👍"}
        return self._push({"message": msg})

    @_locked
    def set_member(self, chat_id: int, user_id: int, status: str = "member") -> None:
        """What getChatMember answers for a user of a group ("member" unless told otherwise)."""
        self._members[(chat_id, user_id)] = status

    def push_chat_member(self, chat_id: int, user_id: int, status: str, *, old: str = "member") -> JSONDict:
        """Queue a chat_member update (as an admin bot gets it): the user's status changed to `status`."""
        self.set_member(chat_id, user_id, status)
        with self._cond:
            user = self._user(user_id, None)
            change = {"chat": self._chat(chat_id), "from": user, "date": int(time.time()),
                      "old_chat_member": self._member(user, old), "new_chat_member": self._member(user, status)}
        return self._push({"chat_member": change})

    def push_left_member(self, chat_id: int, user_id: int) -> JSONDict:
        """Queue the service message 'user left the group'."""
        self.set_member(chat_id, user_id, "left")
        msg = self._user_message(chat_id, user_id, None, None)
        msg["left_chat_member"] = self._user(user_id, None)
        return self._push({"message": msg})

    @staticmethod
    def _member(user: JSONDict, status: str) -> JSONDict:
        """A ChatMember dict of the given status."""
        extra: JSONDict = {}
        if status == "kicked":
            extra = {"until_date": 0}
        elif status == "restricted":
            extra = {"is_member": False, "until_date": 0, **{k: False for k in (
                "can_send_messages", "can_send_audios", "can_send_documents", "can_send_photos", "can_send_videos",
                "can_send_video_notes", "can_send_voice_notes", "can_send_polls", "can_send_other_messages",
                "can_add_web_page_previews", "can_change_info", "can_invite_users", "can_pin_messages",
                "can_manage_topics")}}
        return {"status": status, "user": user, **extra}

    # Inspection -----------------------------------------------------------------------
    async def wait_sent(self, n: int, timeout: float = 10) -> list[JSONDict]:
        """Wait (without blocking the loop) until at least n messages were sent."""
        await self._wait(lambda: len(self.sent) >= n, timeout, f"{n} sent messages")
        return list(self.sent)

    async def wait_calls(self, method: str, n: int = 1, timeout: float = 10) -> list[JSONDict]:
        """Wait until method was called at least n times; return its params."""
        await self._wait(lambda: len(self.calls(method)) >= n, timeout, f"{n}x {method}")
        return self.calls(method)

    @_locked
    def sent_to(self, chat_id: int) -> list[JSONDict]:
        """Sent messages addressed to chat_id, in order."""
        return [m for m in self.sent if m["chat_id"] == chat_id]

    @_locked
    def texts(self, chat_id: int | None = None) -> list[str | None]:
        """Texts of sent messages (optionally for one chat), in order."""
        return [m["text"] for m in self.sent if chat_id in (None, m["chat_id"])]

    @_locked
    def calls(self, method: str) -> list[JSONDict]:
        """Params of every call to method (case-insensitive), failed ones included."""
        return [p for m, p in self.all_calls if m.lower() == method.lower()]

    @_locked
    def file_bytes(self, file_path: str) -> bytes | None:
        """Bytes registered under file_path, or None."""
        return next((d for p, d in self._files.values() if p == file_path), None)

    async def _wait(self, pred: Callable[[], bool], timeout: float, what: str) -> None:
        """Poll pred every 10 ms; raise AssertionError after timeout seconds."""
        deadline = time.monotonic() + timeout
        while True:
            with self._cond:
                if pred():
                    return
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}; sent={self.texts()!r}")
            await asyncio.sleep(0.01)

    # Dict builders --------------------------------------------------------------------
    @_locked
    def _push(self, payload: JSONDict) -> JSONDict:
        """Append an update and wake getUpdates."""
        update = {"update_id": next(self._update_ids), **payload}
        self.updates.append(update)
        self._cond.notify_all()
        return update

    def _user(self, user_id: int, username: str | None) -> JSONDict:
        """A realistic non-bot User dict."""
        return {"id": user_id, "is_bot": False, "first_name": f"User{user_id}",
                "username": username or f"user{user_id}", "language_code": "vi"}

    @_locked
    def _chat(self, chat_id: Any, kind: str | None = None,
              user: JSONDict | None = None) -> JSONDict:
        """Return (and remember) the Chat dict for chat_id; new ids < 0 default to groups."""
        try:
            cid = int(chat_id)
        except (TypeError, ValueError):  # "@channelusername"
            return {"id": -1001, "type": "channel", "username": str(chat_id).lstrip("@")}
        if cid in self._chats and kind in (None, self._chats[cid]["type"]):
            return self._chats[cid]
        kind = kind or ("private" if cid > 0 else "group")
        user = user or self._user(cid, None)
        if kind == "private":
            extra = {"first_name": user["first_name"], "username": user["username"]}
        else:
            extra = {"title": f"Nhóm {cid}"}
        self._chats[cid] = {"id": cid, "type": kind, **extra}
        return self._chats[cid]

    @_locked
    def _user_message(self, chat_id: int, user_id: int | None, kind: str | None,
                      username: str | None) -> JSONDict:
        """Skeleton of an incoming user message (user defaults to chat_id, or 4242 in groups)."""
        user = self._user(user_id if user_id is not None else
                          (chat_id if chat_id > 0 else 4242), username)
        return {"message_id": next(self._ids), "date": int(time.time()),
                "chat": self._chat(chat_id, kind, user), "from": user}

    # Bot API methods (called with the lock held) ---------------------------------------
    @_locked
    def dispatch(self, method: str, params: JSONDict) -> Any:
        """Record the call and run api_<method> (unknown methods return True)."""
        self.all_calls.append((method, params))
        if failing := self._failing.get(method.lower()):
            raise failing.pop(0)
        func = getattr(self, f"api_{method.lower()}", None)
        return True if func is None else func(params)

    def api_getme(self, p: JSONDict) -> JSONDict:
        return {**self.bot_user, "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": False}

    def api_getupdates(self, p: JSONDict) -> list[JSONDict]:
        """Confirm updates below offset; long-poll up to min(timeout, 1 s)."""
        if self.webhook.get("url"):
            raise ApiError(409, "Conflict: can't use getUpdates method while webhook is active;"
                                " use deleteWebhook to delete the webhook first")
        offset, limit = int(p.get("offset") or 0), int(p.get("limit") or 100)
        if offset > 0:
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        elif offset < 0:
            self.updates = self.updates[offset:]
        if not self.updates and not self._closed:
            self._cond.wait(min(float(p.get("timeout") or 0), 1.0))
        return list(self.updates[:limit])

    def api_setwebhook(self, p: JSONDict) -> bool:
        self.webhook = dict(p)
        return True

    def api_deletewebhook(self, p: JSONDict) -> bool:
        self.webhook = {}
        if p.get("drop_pending_updates"):
            self.updates.clear()
        return True

    def api_getwebhookinfo(self, p: JSONDict) -> JSONDict:
        return {"url": self.webhook.get("url", ""), "has_custom_certificate": False,
                "pending_update_count": len(self.updates)}

    def api_setmycommands(self, p: JSONDict) -> bool:
        self.my_commands[(p.get("scope") or {}).get("type", "default")] = p.get("commands", [])
        return True

    def api_getmycommands(self, p: JSONDict) -> list[JSONDict]:
        return self.my_commands.get((p.get("scope") or {}).get("type", "default"), [])

    def api_sendmessage(self, p: JSONDict) -> JSONDict:
        return self._send("sendMessage", p, {"text": p.get("text", "")})

    def api_senddocument(self, p: JSONDict) -> JSONDict:
        doc = p.get("document")
        if isinstance(doc, dict):  # uploaded bytes
            fid = self.register_file(doc["data"], doc["file_name"])
            doc = {"file_id": fid, "file_unique_id": f"U{fid}", "file_name": doc["file_name"],
                   "mime_type": doc["mime_type"], "file_size": len(doc["data"])}
        else:  # file_id or URL
            doc = {"file_id": str(doc), "file_unique_id": f"U{doc}"}
        caption = {"caption": p["caption"]} if "caption" in p else {}
        return self._send("sendDocument", p, {"document": doc, **caption})

    def api_sendphoto(self, p: JSONDict) -> JSONDict:
        photo = p.get("photo")
        if isinstance(photo, dict):  # uploaded bytes
            fid = self.register_file(photo["data"], photo["file_name"])
            size = len(photo["data"])
        else:  # file_id or URL
            fid, size = str(photo), 0
        sizes = [{"file_id": fid, "file_unique_id": f"U{fid}", "width": 1, "height": 1, "file_size": size}]
        caption = {"caption": p["caption"]} if "caption" in p else {}
        return self._send("sendPhoto", p, {"photo": sizes, **caption})

    def api_deletemessage(self, p: JSONDict) -> bool:
        if self._messages.pop((int(p["chat_id"]), int(p["message_id"])), None) is None:
            raise ApiError(400, "Bad Request: message to delete not found")
        return True

    def api_getchatmember(self, p: JSONDict) -> JSONDict:
        chat_id, user_id = int(p["chat_id"]), int(p["user_id"])
        status = self._members.get((chat_id, user_id), "member")
        if status == "missing":
            raise ApiError(400, "Bad Request: user not found")
        return self._member(self._user(user_id, None), status)

    def api_getfile(self, p: JSONDict) -> JSONDict:
        file_id = str(p.get("file_id"))
        if file_id not in self._files:
            raise ApiError(400, "Bad Request: invalid file_id")
        path, data = self._files[file_id]
        return {"file_id": file_id, "file_unique_id": f"U{file_id}", "file_size": len(data),
                "file_path": path}

    def _check_send(self, chat_id: Any) -> None:
        """Raise the injected or rate-limit error for a send to chat_id, if any."""
        if chat_id in self._migrated:
            raise ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat",
                           {"migrate_to_chat_id": self._migrated[chat_id]})
        if chat_id in self._blocked or None in self._blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        for key in (chat_id, None):
            if self._flood.get(key, 0) > 0:
                self._flood[key] -= 1
                raise ApiError(429, TOO_MANY, {"retry_after": 1})
        if self.max_per_second:  # sliding 1-second window over accepted sends
            now = time.monotonic()
            while self._window and now - self._window[0] >= 1.0:
                self._window.popleft()
            if len(self._window) >= self.max_per_second:
                raise ApiError(429, TOO_MANY, {"retry_after": 1})
            self._window.append(now)

    def _send(self, method: str, p: JSONDict, content: JSONDict) -> JSONDict:
        """Check errors, then record and return the Message for a send call."""
        chat_id = p.get("chat_id")
        self._check_send(chat_id)
        reply_to = (p.get("reply_parameters") or {}).get("message_id") or p.get(
            "reply_to_message_id")
        msg: JSONDict = {"message_id": next(self._ids), "date": int(time.time()),
                         "chat": self._chat(chat_id), "from": self.bot_user, **content}
        markup = p.get("reply_markup")
        if isinstance(markup, dict) and markup.get("inline_keyboard"):
            msg["reply_markup"] = markup
        if reply_to and (orig := self._messages.get((msg["chat"]["id"], int(reply_to)))):
            msg["reply_to_message"] = orig
        self._messages[(msg["chat"]["id"], msg["message_id"])] = msg
        self.sent.append({"method": method, "chat_id": chat_id, "message_id": msg["message_id"],
                          "text": p.get("text"), "caption": p.get("caption"),
                          "parse_mode": p.get("parse_mode"), "reply_markup": markup,
                          "reply_to": reply_to, "document": content.get("document"),
                          "params": p})
        return msg

    def api_editmessagetext(self, p: JSONDict) -> JSONDict | bool:
        """editMessageText / editMessageReplyMarkup on a stored bot message."""
        if "inline_message_id" in p:
            return True
        key = (int(p["chat_id"]), int(p["message_id"]))
        if key not in self._messages:
            raise ApiError(400, "Bad Request: message to edit not found")
        changes = {"text": p["text"]} if "text" in p else {}
        msg = {**self._messages[key], **changes, "edit_date": int(time.time())}
        msg.pop("reply_markup", None)
        if isinstance(p.get("reply_markup"), dict) and p["reply_markup"].get("inline_keyboard"):
            msg["reply_markup"] = p["reply_markup"]
        self._messages[key] = msg
        return msg

    api_editmessagereplymarkup = api_editmessagetext


def _make_handler(api: FakeBotAPI) -> type[BaseHTTPRequestHandler]:
    """Build the request handler class bound to one FakeBotAPI."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, like the real API
        timeout = 30

        def log_message(self, *args: Any) -> None:
            """Keep pytest output quiet."""

        def do_GET(self) -> None:
            self._route()

        do_POST = do_GET

        def _route(self) -> None:
            """Serve /file/bot<token>/<path> downloads and /bot<token>/<method> calls."""
            url = urlsplit(self.path)
            path = unquote(url.path)  # PTB percent-encodes the token's ':' in file URLs
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            file_prefix, api_prefix = f"/file/bot{api.token}/", f"/bot{api.token}/"
            if path.startswith(file_prefix):
                data = api.file_bytes(path[len(file_prefix):])
                if data is None:
                    return self._reply(404, b"Not Found", "text/plain")
                return self._reply(200, data, "application/octet-stream")
            if not path.startswith(api_prefix):
                return self._json(ApiError(401, "Unauthorized").body(), 401)
            try:
                params = _parse_params(self.headers.get("Content-Type", ""), body, url.query)
                method = path[len(api_prefix):]
                result = api.dispatch(method, params)
                if hold := api._hold(method):
                    time.sleep(hold)  # done, but the answer comes late
                self._json({"ok": True, "result": result}, 200)
            except ApiError as err:
                self._json(err.body(), err.code)
            except (KeyError, TypeError, ValueError) as exc:  # missing or malformed parameter
                self._json(ApiError(400, f"Bad Request: {exc!r}").body(), 400)

        def _json(self, obj: JSONDict, status: int) -> None:
            self._reply(status, json.dumps(obj, ensure_ascii=False).encode(), "application/json")

        def _reply(self, status: int, payload: bytes, ctype: str) -> None:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                self.send_response(status)  # the client may abandon a long poll on shutdown
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

    return Handler


@contextlib.asynccontextmanager
async def polling(app: Any, *, timeout: int = 1) -> AsyncIterator[Any]:
    """Initialise, start and poll a PTB Application; always stop and shut it down."""
    await app.initialize()
    try:
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=timeout)
        yield app
    finally:
        if app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()
