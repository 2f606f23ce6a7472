"""Every Vietnamese sentence the bot shows a user, in one place.

Texts with a `{}` placeholder are filled by the caller with values that it has already escaped for the
target format (HTML for Telegram, plain for the console). Keep the tone plain and respectful: the readers
are village and commune cadres reading on a phone.
"""

from __future__ import annotations

# --- Answers ---

DISCLAIMER = "Đây là thông tin trích từ văn bản pháp luật, không thay thế ý kiến tư vấn pháp lý."
IN_FORCE_SINCE = "hiệu lực từ {}"
SUMMARY_LABEL = "Tóm tắt"
BASIS_LABEL = "Căn cứ"
PLACEHOLDER_ARTICLE = ("Quy định gần nhất với câu hỏi là {label} ({title}), nhưng bộ văn bản hiện có chỉ có tên điều, "
                       "chưa có nội dung (ghi «Đang cập nhật»), nên tôi không trả lời được từ điều này. Hãy tra văn "
                       "bản gốc hoặc hỏi cơ quan ban hành.")
PLACEHOLDER_TEXT = "Bộ văn bản hiện có chỉ có tên điều này, chưa có nội dung (ghi «Đang cập nhật»)."
UNDERSTOOD_AS = "Hiểu câu hỏi là: «{}» (gõ /moi để hỏi sang chuyện khác)"
LAW_SAYS = "Theo {where}"  # the answer line when it is the law's own sentence: "Theo khoản 2 Điều 21 …: «…»"
FIGURE_NOT_FIXED = ("Văn bản hiện có không quy định mức tiền cụ thể mà bạn hỏi. Dưới đây là quy định liên quan "
                    "(thường nói cơ quan nào quyết định hoặc lấy từ nguồn nào).")
COUNT_NOT_FIXED = ("Văn bản hiện có không quy định con số cụ thể (số lượng, tỷ lệ) mà bạn hỏi. Dưới đây là quy định "
                   "liên quan (thường nói ai quyết định hoặc theo quy định nào).")
TIME_NOT_FIXED = ("Văn bản hiện có không quy định thời hạn cụ thể mà bạn hỏi. Dưới đây là quy định liên quan "
                  "(thường nói ai quyết định hoặc theo quy định nào).")
NOT_FIXED_LINES = (FIGURE_NOT_FIXED, COUNT_NOT_FIXED, TIME_NOT_FIXED)
TWO_LEVEL_NOTICE = ("Lưu ý: từ 01/07/2025 chính quyền địa phương chỉ còn hai cấp (tỉnh, xã); việc văn bản giao "
                    "cho cấp huyện có thể đã chuyển cho cơ quan khác.")
QUOTE_CUT = "(…)"
QUOTE_LABEL = "Văn bản quy định"
SEE_ALSO = "Xem thêm"
MORE_CLAUSES = "(còn {} khoản khác trong điều này — bấm «Toàn văn» để đọc hết)"
REFUSAL = (
    "Xin lỗi, tôi chưa tìm thấy quy định phù hợp với câu hỏi này trong các văn bản đang có. "
    "Tôi không muốn trả lời đoán."
)
OUTSIDE_SUBJECT = ("Câu hỏi này thuộc lĩnh vực {subject}; bộ văn bản của tôi chưa có lĩnh vực này nên tôi không "
                   "trả lời.")
OUTSIDE_DOCUMENT = ("Câu hỏi này thuộc phạm vi của {subject}; bộ văn bản của tôi chưa có văn bản này nên tôi không "
                    "trả lời.")
OUTSIDE_POINTERS = "Có thể xem các điều sau trong lĩnh vực đó (tôi chưa kiểm tra, không phải câu trả lời):"
OUTSIDE_TIP = ("Nếu địa phương cần, quản trị viên có thể nạp lĩnh vực này vào bộ văn bản của bot: "
               "/nap {subject}")
REFUSAL_NEAREST = "Các quy định gần nhất với câu hỏi (có thể chưa đúng ý):"
REFUSAL_TIP = (
    "Mẹo: hỏi cụ thể hơn, ví dụ «trưởng thôn do ai bầu», «xã phải công khai những gì», "
    "hoặc gõ «điều 11» để đọc thẳng một điều của Luật."
)
EMPTY_QUESTION = (
    "Anh/chị chưa nhập câu hỏi. Hãy gõ câu hỏi về dân chủ ở cơ sở, ví dụ: «họp thôn cần bao nhiêu hộ dự?»"
)
NOT_A_QUESTION = (
    "Tôi chưa hiểu câu này. Hãy gõ câu hỏi bằng chữ, ví dụ: «ban thanh tra nhân dân có nhiệm kỳ mấy năm?»"
)
TRUNCATED = "Câu hỏi dài quá {limit} ký tự nên tôi chỉ đọc phần đầu."
ARTICLE_NOT_FOUND = "Không tìm thấy Điều {number} {where}. Gõ /nguon để xem các văn bản đang có."
ARTICLE_AMBIGUOUS = "Có nhiều văn bản có Điều {number}. Hãy ghi rõ văn bản, ví dụ: {example}"
LAW_DEFAULT_DOCUMENT = "trong Luật Thực hiện dân chủ ở cơ sở"
IN_DOCUMENT = "trong văn bản «{}»"
FULL_ARTICLE_TITLE = "Toàn văn"
CONTINUED = "(tiếp)"


# --- Telegram bot ---------------------------------------------------------------------------------------------
# Texts of the Telegram surface and the console chat (handlers/). Placeholders are filled with values the
# caller has already escaped for its format.

BOT_HELP_INTRO = (
    "Xin chào! Tôi trả lời câu hỏi về thực hiện dân chủ ở cơ sở, trích nguyên văn điều, khoản "
    "và ghi rõ văn bản, ngày có hiệu lực."
)
BOT_HELP_DOCUMENTS = "Văn bản tôi đang dùng:"
BOT_HELP_NO_DOCUMENTS = "(chưa nạp văn bản nào)"
BOT_HELP_DOCUMENT_LINE = "• {title}{number}{effective} — {articles} điều"
BOT_HELP_NUMBER = " (số {})"
BOT_HELP_GAPS = "   ⚠️ Bản đang có chưa đầy đủ: {}."
BOT_HELP_GAP_CHAPTERS = "thiếu Chương {}"
BOT_HELP_GAP_PLACEHOLDERS = "Điều {} chỉ có tên, chưa có nội dung"
BOT_HELP_GAP_UNKNOWN = "nguồn ghi rằng nội dung sẽ được bổ sung"
BOT_HELP_PART_LINE = "   ◦ {kind} {number}{effective} — {articles} điều"
BOT_HELP_PART_REST = "   ◦ và {} kèm theo (xem /sources)"
BOT_HELP_TRAINING = "Tài liệu tham khảo (tập huấn, không phải văn bản pháp luật):"
BOT_HELP_EFFECTIVE = ", hiệu lực từ {}"
BOT_HELP_HOW = (
    "Cách hỏi: gõ câu hỏi bình thường, có dấu hay không dấu đều được. "
    "Muốn đọc cả một điều của Luật 10/2022/QH15 thì gõ «điều 11» hoặc /dieu 11; "
    "điều của văn bản khác: /dieu 5 nghị định 59."
)
BOT_HELP_EXAMPLES_HEADER = "Ví dụ:"
BOT_HELP_EXAMPLES = (
    "Thôn muốn góp tiền làm đường thì cần bao nhiêu hộ đồng ý?",
    "Xã phải công khai những thông tin gì cho dân biết?",
    "Ban thanh tra nhân dân do ai bầu, nhiệm kỳ mấy năm?",
)
BOT_HELP_GROUPS = (
    "Trong nhóm: gõ /hoi rồi câu hỏi, nhắc tên tôi ({mention}) hoặc trả lời tin nhắn của tôi."
)
BOT_HELP_QUIZ = (
    "Ôn tập: /onthi rồi chọn chủ đề và số câu (trong chat riêng). Thi trong nhóm: giảng viên gõ /thi 10 "
    "[chủ đề], /dungthi để dừng, /ketqua lấy kết quả."
)
BOT_HELP_ADMIN = (
    "Quản trị viên: gửi tệp .md, .txt, .docx, .pdf để thêm văn bản; /reload nạp lại; /sources xem văn bản; "
    "/remove <mã> bỏ văn bản đã gửi; /nap <đề mục> thêm một đề mục của bộ pháp điển; /stats thống kê; "
    "/unanswered câu chưa trả lời được; /export nhật ký dạng CSV; "
    "gửi tệp .yaml để thêm ngân hàng câu hỏi trắc nghiệm; /giangvien cấp quyền tổ chức thi."
)
BOT_COMMANDS = (
    ("start", "Giới thiệu"),
    ("help", "Cách hỏi và các văn bản đang dùng"),
    ("hoi", "Hỏi trong nhóm: /hoi <câu hỏi>"),
    ("dieu", "Đọc một điều: /dieu <số> [văn bản]"),
    ("sources", "Danh sách văn bản"),
    ("moi", "Hỏi sang chuyện mới (quên câu trước)"),
    ("onthi", "Ôn tập trắc nghiệm về Luật"),
    ("thi", "Thi trắc nghiệm trong nhóm (giảng viên): /thi 10 [chủ đề]"),
    ("ketqua", "Kết quả cuộc thi gần nhất (tệp CSV)"),
)
BOT_NOT_TEXT = ("Tôi chỉ đọc được chữ: hãy gõ câu hỏi (có dấu hay không dấu đều được), ví dụ «họp thôn cần bao "
               "nhiêu hộ dự», hoặc «điều 21» để đọc một điều. Tôi chưa nghe được tin nhắn thoại, chưa xem được ảnh.")
BOT_NEW_TOPIC = "Đã quên các câu trước; câu tiếp theo được hiểu là một câu hỏi mới."

BOT_FULL_ARTICLE_BUTTON = "📖 Toàn văn Điều {}"
BOT_RELATED_BUTTON = "↪ Điều {}"
BOT_THUMB_UP = "👍"
BOT_THUMB_DOWN = "👎"
BOT_VOTED_MARK = "✅ {}"
BOT_VOTE_THANKS = "Cảm ơn anh/chị đã đánh giá!"
BOT_VOTE_UNKNOWN = "Không tìm thấy câu hỏi này trong nhật ký."
BOT_BUTTON_EXPIRED = "Nút này đã cũ. Anh/chị hỏi lại hoặc gõ /dieu <số> nhé."
BOT_ARTICLE_GONE = "Điều này không còn trong các văn bản đang dùng."
BOT_RATE_LIMITED = (
    "Anh/chị hỏi nhanh quá (tối đa {limit} câu mỗi phút). Xin chờ một chút rồi hỏi tiếp ạ."
)
BOT_HOI_USAGE = "Gõ /hoi rồi câu hỏi, ví dụ: /hoi họp thôn cần bao nhiêu hộ dự?"
BOT_DIEU_USAGE = "Gõ /dieu rồi số điều, ví dụ: /dieu 11 hoặc /dieu 5 nghị định 59."
BOT_ERROR = "Xin lỗi, tôi gặp lỗi khi trả lời. Anh/chị thử lại sau ít phút."
BOT_NOT_READY = "Tôi đang nạp văn bản, anh/chị thử lại sau ít phút."

BOT_NOT_ADMIN = "Lệnh này chỉ dành cho quản trị viên. Tôi đã ghi lại yêu cầu."
BOT_RELOAD_RUNNING = "Đang nạp lại rồi; xin chờ lần này xong."
BOT_RELOAD_STARTED = "Bắt đầu dựng lại chỉ mục. Trong lúc chờ tôi vẫn trả lời bằng chỉ mục cũ."
BOT_RELOAD_SWITCHED = "Đã chuyển sang chỉ mục mới."
BOT_RELOAD_REJECTED = (
    "Không chuyển sang chỉ mục mới: hit@5 trên bộ câu hỏi kiểm tra giảm từ {old} xuống {new} "
    "(chỉ cho phép giảm tối đa {allowed}). Vẫn dùng chỉ mục cũ."
)
BOT_RELOAD_FAILED = "Dựng lại không thành công, vẫn dùng chỉ mục cũ. Lỗi: {}"
BOT_RELOAD_ADDED = "Thêm: {}"
BOT_RELOAD_REMOVED = "Bỏ: {}"
BOT_RELOAD_CHANGED = "Thay đổi: {}"
BOT_RELOAD_UNCHANGED = "Không có văn bản nào thay đổi."
BOT_RELOAD_FIGURES = "Số điều: {articles}. Đoạn chỉ mục: {passages}. Thời gian dựng: {seconds:.1f} giây."
BOT_RELOAD_GATE = "Kiểm tra ({n} câu): hit@5 cũ {old}, mới {new}."
BOT_RELOAD_NO_GATE = "Không có bộ câu hỏi kiểm tra (gate_questions) nên không so sánh."

BOT_UPLOAD_OK = (
    "Đã nhận «{name}»: {title} — {articles} điều. Mã văn bản: {id}. "
    "Văn bản sẽ được dùng sau lần /reload tới."
)
BOT_UPLOAD_FOUND = "Đọc được: {fields}."
BOT_UPLOAD_FIELD = {"kind": "loại «{}»", "number": "số {}", "issuer": "cơ quan ban hành {}",
                    "issued": "ngày ban hành {}", "effective": "hiệu lực từ {}"}
BOT_UPLOAD_MISSING = ("Chưa tìm thấy {fields}, nên trích dẫn sẽ thiếu phần đó. Cách sửa: {fixes}, rồi gửi lại tệp "
                      "(gỡ bản này bằng /remove {id}).")
BOT_UPLOAD_MISSING_NAME = {"kind": "loại văn bản", "number": "số hiệu", "issuer": "cơ quan ban hành",
                           "effective": "ngày hiệu lực"}
BOT_UPLOAD_FIX = {
    "kind": "thêm một dòng riêng ghi tên loại bằng chữ in hoa (ví dụ «HƯỚNG DẪN», «KẾ HOẠCH») ngay trên dòng trích yếu",
    "number": "thêm dòng «Số: 05/HD-UBND» (số hiệu của văn bản) ở phần đầu, trước Điều 1",
    "issuer": "thêm tên cơ quan bằng chữ in hoa ở dòng đầu (ví dụ «ỦY BAN NHÂN DÂN» rồi «TỈNH …»)",
    "effective": "thêm câu «có hiệu lực từ ngày dd/mm/yyyy» (hoặc «có hiệu lực kể từ ngày ký» cùng ngày ký ở đầu)",
}
BOT_NAP_USAGE = ("Cách dùng: /nap <tên đề mục trong bộ pháp điển>, ví dụ «/nap Hộ tịch». Khi từ chối một câu hỏi "
                 "ngoài phạm vi, bot ghi rõ tên đề mục của nó.")
BOT_NAP_NO_COLLECTION = ("Bot chưa có bộ pháp điển (mục subject_map.collection trong config.yaml, hoặc tệp không còn ở "
                         "đó) nên chưa nạp được đề mục nào.")
BOT_NAP_UNKNOWN = "Không nạp được: {error}"
BOT_NAP_STORED = ("Đã lấy đề mục «{title}» ({articles} điều) từ bộ pháp điển, lưu là {id}. Bot dựng lại chỉ mục, "
                  "kiểm tra bằng bộ câu hỏi mẫu rồi mới dùng; gỡ ra bằng /remove {id}.")
BOT_NAP_ALREADY = "Đề mục «{title}» đã được nạp trước đây ({id}). Nếu chưa thấy trong /sources, gõ /reload."
BOT_UPLOAD_FAILED = "Không dùng được tệp «{name}»: {error}"
BOT_UPLOAD_BAD_TYPE = "Tôi chỉ nhận tệp .md, .txt, .docx hoặc .pdf (bản có chữ, không phải bản quét)."
BOT_UPLOAD_TOO_BIG = "Tệp «{name}» lớn quá ({size:.1f} MB; tối đa {limit} MB)."
BOT_UPLOAD_DISK_FULL = ("Ổ đĩa của máy chủ đã đầy nên chưa lưu được tệp «{name}»; không có gì bị ghi dở, các văn "
                        "bản cũ vẫn nguyên. Hãy giải phóng dung lượng rồi gửi lại.")
BOT_UPLOAD_DOC_HINT = ("Tôi chưa đọc được tệp .doc (Word cũ). Hãy mở tệp bằng Word, chọn Lưu thành (Save As) "
                       "dạng .docx rồi gửi lại.")
BOT_UPLOAD_NOT_VIETNAMESE = ("Tệp «{name}» không giống văn bản pháp luật hay tài liệu tập huấn: không có tiêu đề "
                             "«Điều …» và gần như không có chữ tiếng Việt có dấu, nên tôi không nhận.")
BOT_UPLOAD_DUPLICATE = "Tệp «{name}» trùng với văn bản đã gửi trước (mã {id})."
BOT_SOURCES_HEADER = "Văn bản đang dùng:"
BOT_SOURCES_LINE = "• <code>{id}</code> — {title}{number}{effective}, {articles} điều"
BOT_SOURCES_PENDING = "Đã gửi, chờ /reload:"
BOT_SOURCES_UPLOAD_LINE = "• <code>{id}</code> — {name} ({articles} điều)"
BOT_REMOVE_USAGE = "Gõ /remove rồi mã văn bản đã gửi (xem /sources)."
BOT_REMOVE_DONE = "Đã bỏ «{name}» (mã {id}). Thay đổi có hiệu lực sau lần /reload tới."
BOT_REMOVE_NOT_UPLOAD = (
    "Không có văn bản đã gửi nào mang mã {id}. Chỉ bỏ được văn bản gửi qua Telegram; "
    "văn bản gốc thì sửa trong cấu hình."
)
BOT_STATS = (
    "Hôm nay: {today} câu hỏi. 7 ngày: {week} câu, từ chối {refused} ({rate}); ngoài ra {other} lượt tra điều, "
    "chào hỏi hoặc tin nhắn trống (không tính là câu hỏi).\n"
    "Câu trả lời có thể chưa đến người hỏi (lỗi mạng, không gửi lại để tránh trùng): {uncertain}.\n"
    "Đánh giá: 👍 {up} · 👎 {down}. Thời gian trả lời trung vị: {latency}.\n"
    "Lần ghi nhật ký không thành từ khi bot khởi động (đĩa đầy, lỗi ổ đĩa): {failed}."
)
BOT_STATS_CHART_CAPTION = ("Biểu đồ {days} ngày qua: {questions} câu hỏi về pháp luật, {refused} câu từ chối; "
                           "👍 {up} · 👎 {down}.{top}")
BOT_STATS_CHART_TOP_LINE = "\nTrích dẫn nhiều nhất: {}."
STATS_CHART_TITLE = "Câu hỏi về pháp luật mỗi ngày ({days} ngày qua)"
STATS_CHART_ANSWERED = "đã trả lời"
STATS_CHART_REFUSED = "từ chối"
STATS_CHART_UP = "đánh giá tốt"
STATS_CHART_DOWN = "đánh giá chưa tốt"
STATS_CHART_VOTES = "Đánh giá của người hỏi mỗi ngày"
STATS_CHART_TOP = "Điều được trích dẫn đầu tiên nhiều nhất"
STATS_CHART_NO_ARTICLES = "chưa có câu trả lời nào"
BOT_RELOAD_SKIPPED = "⚠️ Bỏ qua một văn bản đã gửi vì không còn đọc được: {} (các văn bản khác vẫn được nạp)."
BOT_RELOAD_MISSING = ("⚠️ Tệp của văn bản đã gửi không còn trên máy chủ nên không được nạp: {}. Gửi lại tệp, "
                      "hoặc /remove mã đó.")
BOT_INDEX_FALLBACK = (
    "⚠️ Chỉ mục đang dùng ({damaged}) bị hỏng, không dùng được (chi tiết: {problem}). Bot đang trả lời từ chỉ "
    "mục dựng trước đó ({serving}), có thể thiếu văn bản mới nhất. Gõ /reload để dựng lại chỉ mục."
)
BOT_INDEX_REBUILDING = ("⚠️ Chỉ mục đang dùng bị hỏng và không còn chỉ mục cũ nguyên vẹn (chi tiết: {problem}). "
                        "Bot đang dựng lại từ đầu: trong lúc đó trả lời từ bản xem trước, rồi từ chỉ mục mới.")
BOT_JOURNAL_QUARANTINED = (
    "⚠️ Tệp nhật ký {name} bị hỏng (SQLite báo: {damage}) nên đã được cất sang {moved} (không xóa); "
    "bot đã tạo nhật ký mới và vẫn trả lời bình thường. Các câu hỏi cũ nằm trong tệp đã cất."
)
BOT_EXPORT_USAGE = ("Cách dùng: /export (30 ngày gần nhất), /export 01/11/2026 (từ ngày đó đến nay) hoặc "
                    "/export 01/11/2026 30/11/2026. Ngày viết dạng ngày/tháng/năm.")
BOT_EXPORT_CAPTION = "Nhật ký câu hỏi từ {start} đến {end}: {count} dòng (mở được bằng Excel)."
BOT_UNANSWERED_HEADER = ("Câu hỏi gần đây bot chưa trả lời được (🚫), bị chê (👎) hoặc trả lời khi căn cứ còn yếu (⚠️), "
                         "xếp theo điều gần nhất:")
BOT_UNANSWERED_NONE = "Chưa có câu hỏi nào bị từ chối, bị chê hoặc trả lời khi căn cứ còn yếu."
BOT_UNANSWERED_THIN = "⚠️"
BOT_UNANSWERED_TOPIC = "Gần {topic} ({n} câu):"
BOT_UNANSWERED_NO_TOPIC = "Không gần điều nào"
BOT_UNANSWERED_LINE = "• #{id} {when} {mark} {text}"

BOT_CONSOLE_NO_TOKEN = (
    "Chưa có TELEGRAM_BOT_TOKEN nên bot chưa chạy trên Telegram.\n"
    "Để có token: mở Telegram, nhắn @BotFather, gõ /newbot và làm theo hướng dẫn, rồi chạy lại với\n"
    "    TELEGRAM_BOT_TOKEN=<token> python bot.py run\n"
    "Trong lúc chờ, anh/chị có thể hỏi thử ngay ở đây (gõ /quit hoặc Ctrl-D để thoát)."
)
BOT_CONSOLE_LOADING = "Đang nạp chỉ mục..."
FIRST_BUILD = (
    "Chưa có chỉ mục: đang dựng lần đầu từ các văn bản (khoảng 8 phút với máy 2 lõi; những lần sau chỉ vài giây)."
)
FIRST_BUILD_PREVIEW = (
    "Chưa có chỉ mục: đang dựng bản xem trước (khoảng 1–2 phút), rồi dựng bản đầy đủ ở nền (khoảng 8 phút với "
    "máy 2 lõi; những lần sau chỉ vài giây)."
)
PREVIEW_READY = "Bản xem trước đã sẵn sàng: hỏi được ngay. Khi bản đầy đủ dựng xong, tôi sẽ tự chuyển sang."
FULL_INDEX_READY = "— Chỉ mục đầy đủ đã dựng xong; từ câu này tôi trả lời bằng chỉ mục đầy đủ. —"
PREVIEW_NOTICE = "(Đang dùng bản xem trước của chỉ mục; bản đầy đủ sẽ sẵn sàng sau ít phút.)"
BOT_CONSOLE_NO_INDEX = "Chưa dùng được chỉ mục: {}. Hãy chạy «python bot.py build» trước."
BOT_CONSOLE_PROMPT = "Hỏi> "
BOT_CONSOLE_BYE = "Tạm biệt!"

# --- Small talk: greetings, thanks and questions about the bot get a friendly word, not a law quote ---

GREETING_REPLY = (
    "Xin chào anh/chị! Tôi là trợ lý tra cứu Luật Thực hiện dân chủ ở cơ sở và các văn bản liên quan. "
    "Anh/chị cứ hỏi như nói chuyện, ví dụ: «họp thôn cần bao nhiêu hộ dự?», «ban thanh tra nhân dân "
    "nhiệm kỳ mấy năm?»."
)
THANKS_REPLY = "Không có gì ạ. Khi cần tra cứu quy định về dân chủ ở cơ sở, anh/chị cứ hỏi tiếp."
ABOUT_REPLY = (
    "Tôi là trợ lý tra cứu tự động: tôi tìm điều, khoản trong Luật Thực hiện dân chủ ở cơ sở (10/2022/QH15), "
    "các nghị định hướng dẫn và một số luật liên quan, rồi trích nguyên văn kèm nơi quy định. "
    "Tôi không thay thế ý kiến tư vấn của cán bộ tư pháp."
)


# --- Quizzes: practice rounds (/onthi) and group contests (/thi) ---

QUIZ_NO_BANK = "Chưa có ngân hàng câu hỏi trắc nghiệm nào được nạp."
QUIZ_PRIVATE_ONLY = ("Ôn tập trắc nghiệm chạy trong chat riêng với tôi: hãy nhắn /onthi cho tôi. Trong nhóm, giảng "
                     "viên dùng /thi để tổ chức thi.")
QUIZ_CHOOSE_TOPIC = "Chọn chủ đề để ôn (số câu hỏi trong ngân hàng ghi trong ngoặc):"
QUIZ_ALL_TOPICS = "Tất cả chủ đề ({} câu)"
QUIZ_TOPIC_BUTTON = "{title} ({count})"
QUIZ_CHOOSE_LENGTH = "Chủ đề: {title}. Mỗi lượt ôn bao nhiêu câu?"
QUIZ_LENGTH_BUTTON = "{} câu"
QUIZ_ROUND_START = ("Bắt đầu ôn {total} câu — {title}. Chọn một đáp án ở mỗi câu; câu sau đến ngay khi bạn trả "
                    "lời. Câu nào sai sẽ được hỏi lại ở lượt sau.")
QUIZ_ARTICLE_TITLE = "các câu về {}"
QUIZ_ARTICLE_BUTTON = "📝 Ôn {} câu về điều này"
QUIZ_TOPIC_GONE = "Chủ đề này không còn câu hỏi nào (ngân hàng câu hỏi vừa thay đổi). Gõ /onthi để chọn lại."
QUIZ_ROUND_DONE = "Xong lượt ôn: đúng {right}/{total} câu."
QUIZ_ROUND_PERFECT = "Rất tốt, bạn trả lời đúng tất cả!"
QUIZ_ROUND_REVIEW = "Nên đọc lại các điều sau (bấm để xem toàn văn):"
QUIZ_ROUND_AGAIN = "🔁 Ôn lượt mới"
QUIZ_REVIEW_BUTTON = "📖 {}"
QUIZ_THI_GROUP_ONLY = "Lệnh /thi dùng trong nhóm tập huấn: thêm tôi vào nhóm rồi gõ /thi 10 [chủ đề]."
QUIZ_TRAINERS_ONLY = "Chỉ quản trị viên hoặc giảng viên được tổ chức thi. Quản trị viên cấp quyền bằng /giangvien."
QUIZ_THI_USAGE = ("Cách dùng: /thi [số câu 1–{max}] [chủ đề], ví dụ /thi 10 hoặc /thi 15 hoa giai. Các chủ đề: "
                  "{topics}.")
QUIZ_CONTEST_RUNNING = "Nhóm đang có một cuộc thi chưa xong. Đợi cuộc thi kết thúc, hoặc gõ /dungthi để dừng."
QUIZ_CONTEST_START = ("🏁 Bắt đầu thi: {total} câu — {title}. Mỗi câu có {seconds} giây; chọn đáp án ngay trên câu "
                      "hỏi. Xếp hạng theo số câu đúng, bằng nhau thì ai nhanh hơn xếp trên.")
QUIZ_CONTEST_RESUMED = "Tôi vừa khởi động lại; cuộc thi tiếp tục từ câu {number}/{total}."
QUIZ_CONTEST_STOPPED = "Cuộc thi đã dừng sau {asked}/{total} câu."
QUIZ_NO_CONTEST = "Nhóm này không có cuộc thi nào đang chạy."
QUIZ_SCOREBOARD = "🏆 Kết quả cuộc thi ({total} câu):"
QUIZ_SCORE_LINE = "{rank}. {name} — {right}/{total} câu đúng, {seconds:.1f} giây"
QUIZ_NO_PLAYERS = "Không ai trả lời câu nào."
QUIZ_RESULTS_HINT = "Gõ /ketqua để lấy bảng kết quả dạng CSV."
QUIZ_NO_RESULTS = "Chưa có cuộc thi nào để lấy kết quả."
QUIZ_RESULTS_CAPTION = "Kết quả cuộc thi số {id} ({players} người thi, {total} câu)."
QUIZ_TRAINER_USAGE = ("Cách dùng: /giangvien <mã người dùng> để cấp quyền tổ chức thi, /giangvien bo <mã> để bỏ "
                      "quyền, /giangvien để xem danh sách. Trong nhóm có thể trả lời tin nhắn của người đó bằng "
                      "/giangvien.")
QUIZ_TRAINER_GRANTED = "Đã cấp quyền giảng viên cho {user}: người này tổ chức được /thi và lấy /ketqua."
QUIZ_TRAINER_REVOKED = "Đã bỏ quyền giảng viên của {user}."
QUIZ_TRAINER_UNKNOWN = "{user} không có quyền giảng viên."
QUIZ_TRAINER_LIST = "Giảng viên: {}"
QUIZ_TRAINER_NONE = "Chưa có giảng viên nào (quản trị viên luôn tổ chức thi được)."
QUIZ_BANK_OK = "Đã thêm ngân hàng câu hỏi «{name}»: {count} câu, chủ đề: {topics}. Dùng được ngay với /onthi, /thi."
QUIZ_BANK_BAD = "Không dùng được ngân hàng câu hỏi «{name}»: {error}"
QUIZ_BANK_LINE = "dòng {}: "
QUIZ_BANK_UNKNOWN_ARTICLES = ("Không dùng được ngân hàng câu hỏi «{name}»: {count} câu dẫn điều không có trong các "
                              "văn bản đang dùng, ví dụ: {examples}.")
QUIZ_BANK_DUPLICATE_IDS = ("Không dùng được ngân hàng câu hỏi «{name}»: mã câu hỏi đã có trong ngân hàng khác, "
                           "ví dụ: {examples}. Hãy đổi mã.")
