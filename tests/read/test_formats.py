"""Containers and bad input: every failure is one ReadFailure, reading goes on."""

from __future__ import annotations

import gzip
import io
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from parley.read import ReadFailure, iter_documents

ARTICLE = (
    "Ministers agree on a new ferry line\n"
    "OSLO, Aug. 6 (Xinhua) -- The two ministers met by the lake on Friday and talked "
    "about boats and trains.\n"
    "Both sides agreed to open a new ferry line next spring, the spokesman said.\n"
)
HTML = (
    "<html><head><title>Ministers agree on a new ferry line</title>"
    '<meta property="og:site_name" content="Lakeside Post">'
    '<meta name="date" content="2022-08-07"></head><body><nav>Home | World</nav><article>'
    "<h1>Ministers agree on a new ferry line</h1>"
    "<p>The two ministers met by the lake on Friday and talked about boats and trains "
    "for a long time, officials of both countries said after the meeting ended.</p>"
    "<p>Both sides agreed to open a new ferry line next spring, the spokesman told "
    "reporters, adding that a joint study of the river delta would follow.</p>"
    "</article><footer>Copyright 2024 Lakeside Post</footer></body></html>"
)


def read(*paths):
    failures: list[ReadFailure] = []
    docs = list(iter_documents([str(p) for p in paths], failures.append))
    return docs, failures


def warc_bytes(html: str, gz: bool = False) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=gz)
    headers = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
    )
    record = writer.create_warc_record(
        "https://www.reuters.com/world/ferry",
        "response",
        payload=io.BytesIO(html.encode()),
        http_headers=headers,
    )
    writer.write_record(record)
    return buf.getvalue()


def test_txt_utf16_and_gbk(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(ARTICLE.encode("utf-16"))
    zh = "两国外长星期三在湖边会面，讨论了未来几年连接两国的船只和火车。" * 3
    (tmp_path / "c.txt").write_bytes(zh.encode("gbk"))
    ru = "Два министра встретились в среду у озера и обсудили лодки и поезда. " * 3
    (tmp_path / "d.txt").write_bytes(ru.encode("cp1251"))
    docs, failures = read(tmp_path)
    assert not failures
    assert [d.lang for d in docs] == ["en", "en", "zh", "ru"]
    assert docs[0].id == docs[1].id
    assert docs[0].dateline.place == "OSLO"


def test_mojibake_repaired(tmp_path):
    text = "The minister’s visit went well and both sides were pleased with the talks."
    (tmp_path / "m.txt").write_text(text.encode("utf-8").decode("cp1252"), encoding="utf-8")
    docs, _ = read(tmp_path / "m.txt")
    assert "minister’s" in docs[0].text


def test_html(tmp_path):
    (tmp_path / "a.html").write_text(HTML, encoding="utf-8")
    docs, failures = read(tmp_path / "a.html")
    assert not failures
    doc = docs[0]
    assert doc.title == "Ministers agree on a new ferry line"
    assert doc.published == "2022-08-07"
    assert "ferry line next spring" in doc.text
    assert "Copyright" not in doc.text
    assert all(doc.original[p.start : p.end] == p.text for p in doc.paragraphs)


def test_json_and_jsonl(tmp_path):
    news_please = {
        "title": "Ministers agree",
        "maintext": ARTICLE,
        "date_publish": "2022-08-07 10:00:00",
        "source_domain": "www.reuters.com",
        "url": None,
    }
    plain = {"url": "https://tass.com/x", "title": "T", "text": ARTICLE, "published": "2022-08-07"}
    (tmp_path / "one.json").write_text(json.dumps(news_please))
    (tmp_path / "many.json").write_text(json.dumps([news_please, plain]))
    (tmp_path / "l.jsonl").write_text(json.dumps(plain) + "\n{not json\n" + json.dumps(plain))
    docs, failures = read(tmp_path)
    assert len(docs) == 5
    assert all(d.outlet == "Xinhua" for d in docs)  # the text's own credit beats the site
    assert [f.source for f in failures] == [f"{tmp_path}/l.jsonl:2"]
    assert "malformed JSON" in failures[0].reason
    assert [d.doc.split("/")[-1] for d in docs] == [
        "l.jsonl:1",
        "l.jsonl:3",
        "many.json:1",
        "many.json:2",
        "one.json",
    ]
    assert all(d.published.startswith("2022-08-07") for d in docs)


def test_warc_and_gzip(tmp_path):
    (tmp_path / "a.warc").write_bytes(warc_bytes(HTML))
    (tmp_path / "b.warc.gz").write_bytes(warc_bytes(HTML, gz=True))
    (tmp_path / "c.txt.gz").write_bytes(gzip.compress(ARTICLE.encode()))
    docs, failures = read(tmp_path)
    assert not failures
    assert len(docs) == 3
    assert docs[0].url == "https://www.reuters.com/world/ferry"
    assert docs[2].dateline.place == "OSLO"


def test_bad_inputs_each_fail_once_and_others_are_read(tmp_path):
    (tmp_path / "0good.txt").write_text(ARTICLE)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "bad.json").write_text("{oops")
    (tmp_path / "cut.txt.gz").write_bytes(gzip.compress(ARTICLE.encode() * 50)[:-30])
    (tmp_path / "cut.warc.gz").write_bytes(warc_bytes(HTML * 20, gz=True)[:-200])
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        line = b"The ministers met by the lake and talked about boats and trains.\n"
        f.write(line * (50 * 1024 * 1024 // len(line) + 1))
    (tmp_path / "zgood.txt").write_text(ARTICLE)
    docs, failures = read(tmp_path, tmp_path / "missing.txt")
    assert [d.doc.split("/")[-1] for d in docs] == ["0good.txt", "zgood.txt"]
    reasons = {f.source.split("/")[-1].split(":")[0]: f.reason for f in failures}
    assert set(reasons) == {
        "empty.txt",
        "binary.txt",
        "bad.json",
        "cut.txt.gz",
        "cut.warc.gz",
        "big.txt",
        "missing.txt",
    }
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["binary.txt"]
    assert "truncated" in reasons["cut.txt.gz"]
    assert "truncated" in reasons["cut.warc.gz"]
    assert "too large" in reasons["big.txt"]
    assert "JSON" in reasons["bad.json"]


def test_invalid_utf8(tmp_path):
    (tmp_path / "a.txt").write_bytes(ARTICLE.encode() + b"\xff\xfe\xc3\x28 tail ok\n")
    docs, failures = read(tmp_path / "a.txt")
    assert not failures and "ferry line" in docs[0].text


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.binary(max_size=600),
    st.sampled_from(["txt", "html", "json", "jsonl", "warc", "gz", "warc.gz", "bin"]),
)
def test_property_random_bytes_never_raise(tmp_path, data, ext):
    path = tmp_path / f"r.{ext}"
    path.write_bytes(data)
    docs, failures = read(path)
    assert len(docs) + len(failures) >= 1
    for doc in docs:
        assert all(doc.original[p.start : p.end] == p.text for p in doc.paragraphs)
