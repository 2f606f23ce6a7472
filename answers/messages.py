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
QUOTE_LABEL = "Văn bản quy định"
SEE_ALSO = "Xem thêm"
MORE_CLAUSES = "(còn {} khoản khác trong điều này — bấm «Toàn văn» để đọc hết)"
REFUSAL = (
    "Xin lỗi, tôi chưa tìm thấy quy định phù hợp với câu hỏi này trong các văn bản đang có. "
    "Tôi không muốn trả lời đoán."
)
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
