"""``manage.py extract_quotes``: the scorer's prediction format, without the database."""

import io
import json

import pytest
from django.core.management import CommandError, call_command


def test_prints_one_record_per_file_in_the_scorers_format(tmp_path):
    path = tmp_path / "article.txt"
    body = 'Bridge reopens\n\n"It is safe again," said Maria Lind. She added that tolls would stay.\n'
    path.write_text(body, encoding="utf-8")
    out = io.StringIO()
    call_command("extract_quotes", str(path), str(path), "--jsonl", stdout=out)
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    record = json.loads(lines[0])
    assert record["path"] == str(path)
    statements = record["statements"]
    assert [set(s) for s in statements] == [{"start", "end", "quote", "speaker", "direct", "cue", "confidence"}] * 2
    assert [(body[s["start"] : s["end"]], s["speaker"], s["direct"], s["cue"]) for s in statements] == [
        ("It is safe again,", "Maria Lind", True, "said"),
        ("tolls would stay", "Maria Lind", False, "added"),
    ]


def test_unreadable_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match=r"missing\.txt"):
        call_command("extract_quotes", str(tmp_path / "missing.txt"), stdout=io.StringIO())
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00")
    with pytest.raises(CommandError, match="not UTF-8"):
        call_command("extract_quotes", str(binary), stdout=io.StringIO())
