"""The assessment questionnaire, read from a FHIR R4 Questionnaire-shaped JSON file.

Wording lives in data, keyed by item code (linkId), so a clinic holding a licence can load
official wording by pointing QUESTIONNAIRE_FILE at its own file with the same linkIds;
scoring reads answers by code and never changes with the wording.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings

DEFAULT_FILE = Path(settings.BASE_DIR) / "content" / "questionnaires" / "back-pain-assessment.json"
_MIN = "http://hl7.org/fhir/StructureDefinition/minValue"
_MAX = "http://hl7.org/fhir/StructureDefinition/maxValue"
_STYLE = "urn:spinewise:questionnaire-style"


@dataclass(frozen=True)
class Item:
    code: str
    text: str
    type: str  # boolean | integer | choice
    required: bool
    help: str = ""
    options: tuple[tuple[str, str], ...] = ()
    repeats: bool = False
    min_value: int | None = None
    max_value: int | None = None
    style: str = ""  # "scale" (0–10 buttons), "odi" (scored 0–5 options) or ""


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    intro: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Questionnaire:
    version: str
    title: str
    sections: tuple[Section, ...]

    def section(self, index: int) -> Section:
        return self.sections[index]

    @property
    def items(self) -> dict[str, Item]:
        return {item.code: item for section in self.sections for item in section.items}


def _extension(raw: dict[str, Any], url: str) -> Any:
    for ext in raw.get("extension", []):
        if ext.get("url") == url:
            return ext.get("valueInteger", ext.get("valueCode"))
    return None


def _item(raw: dict[str, Any]) -> Item:
    help_text = next(
        (child["text"] for child in raw.get("item", []) if child.get("type") == "display"), ""
    )
    options = tuple(
        (opt["valueCoding"]["code"], opt["valueCoding"]["display"])
        for opt in raw.get("answerOption", [])
    )
    return Item(
        code=raw["linkId"],
        text=raw["text"],
        type=raw["type"],
        required=bool(raw.get("required", False)),
        help=help_text,
        options=options,
        repeats=bool(raw.get("repeats", False)),
        min_value=_extension(raw, _MIN),
        max_value=_extension(raw, _MAX),
        style=_extension(raw, _STYLE) or "",
    )


def parse(document: dict[str, Any]) -> Questionnaire:
    sections = []
    for group in document["item"]:
        intro = next((c["text"] for c in group["item"] if c.get("type") == "display"), "")
        items = tuple(_item(c) for c in group["item"] if c.get("type") != "display")
        sections.append(Section(group["linkId"], group["text"], intro, items))
    return Questionnaire(document["version"], document["title"], tuple(sections))


@cache
def load(path: str | None = None) -> Questionnaire:
    chosen = path or getattr(settings, "QUESTIONNAIRE_FILE", "") or str(DEFAULT_FILE)
    return parse(json.loads(Path(chosen).read_text(encoding="utf-8")))
