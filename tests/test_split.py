"""The sentence splitter on a labelled sample of hard Vietnamese news cases.

The same sample measures underthesea's splitter: ours must do at least as well (that
comparison is why the project uses its own rules).
"""

import pytest

from summarizer.split import split_sentences

# Each case: the sentences, in order, that a careful reader marks.
LABELLED = [
    ["Người dân TP.HCM đổ ra đường đón giao thừa.", "Không khí rất náo nhiệt."],
    ["TS. Nguyễn Văn Bình cho biết dịch đã được kiểm soát.", "Ông đề nghị người dân yên tâm."],
    ["PGS.TS Lê Văn An trả lời phỏng vấn báo chí.", "Buổi làm việc kéo dài hai giờ."],
    ["Hội nghị diễn ra từ ngày 18.2 đến ngày 20.2.2026 tại Washington."],
    ["Tổng giá trị các thỏa thuận khoảng 37,2 tỷ USD, theo Bộ Công Thương."],
    ["Ông đã tiếp ông Kurt M. Campbell, cựu Thứ trưởng Ngoại giao Mỹ."],
    ["Người bị bắt là Nguyễn Văn A.", "Ông này khai nhận toàn bộ hành vi."],
    ["Việt Nam nằm ở bảng A.", "Đội tuyển sẽ gặp Thái Lan trong trận mở màn."],
    ["Ông nói: “Việt Nam sẵn sàng đóng góp.”", "Sau đó, đoàn rời sân bay."],
    ["Giá vàng tăng mạnh…", "Nhiều người đổ xô đi mua."],
    ["Ông ấy im lặng… rồi bỏ đi."],
    ["Ước tính khoảng 5.000 người đã diễu hành.", "Cảnh sát được triển khai."],
    ["Thực hư ra sao?", "Phóng viên đã tìm hiểu."],
    ["Nghị quyết 2830 của Hội đồng Bảo an LHQ.", "Việt Nam ủng hộ nghị quyết này."],
    ["Ông đến Washington D.C. hôm 18/2 để dự họp."],
    ["Ngày 17.2, theo thông cáo của Bộ Ngoại giao, đoàn sẽ lên đường."],
    ["“Chúng tôi cần một ủy ban điều tra”, ông nói.", "Đám đông hô vang khẩu hiệu."],
    ["Lúc 10 giờ sáng ngày 30/10, đoàn công tác có mặt tại hiện trường."],
    ["BS. Trần Thị Hoa khuyến cáo người dân không tự ý dùng thuốc."],
    [
        "Ông Lê Hoài Trung (Bộ trưởng Ngoại giao) đã điện đàm với người đồng cấp.",
        "Hai bên nhất trí tăng cường hợp tác.",
    ],
    ["Tốc độ tăng trưởng đạt 8,02%.", "Đây là mức cao nhất trong nhiều năm."],
    # A quotation of several sentences stays one sentence with its attribution.
    [
        "“Đó là những điều gian dối, bịa đặt. Vậy mà tất cả đều rơi vào im lặng”, ông nói.",
        "Phiên tòa tạm dừng.",
    ],
    [
        "Ông Linh thở dài: “Vợ tôi là tiến sĩ. Đâu ai ngờ bà ấy luôn rình rập…”.",
        "Ông không nói thêm.",
    ],
    ['Bà nói: "Tôi sẽ trở lại. Đây là lời hứa của tôi".', "Khán giả vỗ tay."],
]


def _joined(case):
    return " ".join(case)


@pytest.mark.parametrize("case", LABELLED, ids=[c[0][:30] for c in LABELLED])
def test_splits_labelled_case_exactly(case):
    assert split_sentences(_joined(case)) == case


def test_line_breaks_always_end_sentences():
    assert split_sentences("Tiêu đề bài báo\nCâu thứ nhất. Câu thứ hai.") == [
        "Tiêu đề bài báo",
        "Câu thứ nhất.",
        "Câu thứ hai.",
    ]


def test_no_sentence_holds_half_a_quotation():
    text = _joined(LABELLED[-3] + LABELLED[-2] + LABELLED[-1])
    for sentence in split_sentences(text):
        assert sentence.count("“") == sentence.count("”"), sentence
        assert sentence.count('"') % 2 == 0, sentence


def test_a_quotation_mark_that_never_closes_does_not_glue_the_article_together():
    text = "Ông nói: “Chúng tôi sẽ làm. " + " ".join(f"Câu thứ {i} rất dài." for i in range(300))
    assert len(split_sentences(text)) > 250


def test_beats_or_matches_underthesea_on_the_labelled_sample():
    underthesea = pytest.importorskip("underthesea")
    ours = sum(split_sentences(_joined(c)) == c for c in LABELLED)
    theirs = sum([s.strip() for s in underthesea.sent_tokenize(_joined(c))] == c for c in LABELLED)
    print(f"exact cases: ours {ours}/{len(LABELLED)}, underthesea {theirs}/{len(LABELLED)}")
    assert ours >= theirs
    assert ours == len(LABELLED)
