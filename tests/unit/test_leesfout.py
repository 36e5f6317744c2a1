"""Reading errors in Dutch with line and column; none of the parser's English text (issue 25)."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from toegang_app.domain.leesfout import leesfout

ENGLISH = re.compile(r"Expecting|delimiter|property|Unterminated|Invalid|Extra data|could not|found|expected|"
                     r"mapping values|No such file|Permission denied", re.I)


@pytest.mark.parametrize("text, where, words", [
    ('{"a": 1,}', "regel 1, kolom 9", "veldnaam"),
    ('{"a": 1\n "b": 2}', "regel 2, kolom 2", "komma"),
    ('{"a" 1}', "regel 1, kolom 6", "dubbele punt"),
    ('{"a": }', "regel 1, kolom 7", "waarde"),
    ('{"a": "open', "regel 1, kolom 7", "niet afgesloten"),
    ('{"a": 1} x', "regel 1, kolom 10", "meer tekst"),
    ('{"a": "\\x"}', "regel 1, kolom 8", "backslash"),
])
def test_json_errors_in_dutch(text, where, words):
    with pytest.raises(json.JSONDecodeError) as exc:
        json.loads(text)
    msg = leesfout(exc.value)
    assert msg.startswith("geen geldige JSON, " + where) and words in msg
    assert not ENGLISH.search(msg), msg


@pytest.mark.parametrize("text, where", [
    ("a: b: c\n", "regel 1, kolom 5"),
    ("a:\n\t- b\n", "regel 2, kolom 1"),
    ("a: [1, 2\n", None),
    ("- a\nb: 1\n", "regel 2, kolom 1"),
])
def test_yaml_errors_in_dutch(text, where):
    with pytest.raises(yaml.YAMLError) as exc:
        yaml.safe_load(text)
    msg = leesfout(exc.value)
    assert msg.startswith("geen geldige YAML, regel")
    if where:
        assert where in msg
    assert not ENGLISH.search(msg), msg


def test_os_errors_in_dutch(tmp_path):
    with pytest.raises(OSError) as exc:
        (tmp_path / "weg.json").read_text()
    assert leesfout(exc.value) == "het bestand bestaat niet"
    with pytest.raises(OSError) as exc:
        tmp_path.read_text()
    assert leesfout(exc.value) == "dit is een map, geen bestand"
