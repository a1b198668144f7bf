"""An official document with every part the format lays out, for the builder's tests."""

from datetime import date

from wenming.documents.official import (
    Attachment,
    Letterhead,
    OfficialDocument,
    Paragraph,
    Table,
)

MARK = "清源区精神文明建设委员会办公室文件"
NUMBER = "清文明办〔2026〕7号"
TITLE = "关于2026年度文明单位年中考核有关情况的通报"
OFFICE = "清源区精神文明建设委员会办公室"
SENTENCE = (
    "2026年11月，区文明办组织10个考核组对全区文明单位进行了集中考核，"
    "考核采取听取汇报、查阅资料、实地察看、问卷调查等方式进行，总体情况良好。"
)


def sample_document(*, body_paragraphs: int = 12) -> OfficialDocument:
    body: list[Paragraph | Table] = [Paragraph("一、总体情况", 1)]
    for i in range(body_paragraphs):
        body.append(Paragraph(f"（{i + 1}）" + SENTENCE * 2))
    body += [
        Paragraph("（一）领导重视，齐抓共管", 2),
        Paragraph("1.创建机制规范化", 3),
        Paragraph("（1）资料齐全", 4),
    ]
    ranking = Table(
        columns=("序号", "单位", "得分"),
        rows=tuple((str(n), f"第{n}单位", "87.50") for n in range(1, 6)),
        heading="（一）现有全国文明单位排名（5个）",
    )
    return OfficialDocument(
        letterhead=Letterhead(
            mark=MARK,
            number=NUMBER,
            signature=OFFICE,
            printer=OFFICE,
            copies_to=("区委宣传部", "区文明委各成员单位"),
        ),
        title=TITLE,
        addressees="各镇街道，区直各单位:",
        body=tuple(body),
        signed_on=date(2026, 12, 1),
        attachments=(
            Attachment("2026年年中集中考核分类排名", (ranking,)),
            Attachment("考核组名单", (Paragraph("第一组：张三、李四"),)),
        ),
        printed_on=date(2026, 12, 2),
    )
