"""Build small synthetic dumps in real wire layouts for parser tests."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Story:
    title: str
    paragraphs: list[str]
    lead: str = "MOSCOW (Reuters) – "
    repeat_title: bool = False
    captions: list[str] = field(default_factory=list)
    byline: str | None = None
    subheads: dict[int, str] = field(default_factory=dict)  # before paragraph i
    closing: list[str] = field(default_factory=list)

    def blocks(self) -> list[str]:
        out = [self.title]
        if self.repeat_title:
            out.append(self.title)
        out += self.captions
        if self.byline:
            out.append(self.byline)
        for i, paragraph in enumerate(self.paragraphs):
            if i in self.subheads:
                out.append(self.subheads[i])
            out.append((self.lead if i == 0 else "") + paragraph)
        return out + self.closing


def render(stories: list[Story], blank: str = "", newline: str = "\n") -> str:
    """Blocks separated by blank lines, as the dumps have them."""
    lines: list[str] = []
    for story in stories:
        for block in story.blocks():
            lines += [block, blank]
    return newline.join(lines)


PARAGRAPHS = [
    "The government said on Tuesday it would review the agreement after weeks of talks with its partners.",
    "Officials said the review would take several months and could lead to changes in how the deal works.",
    "“We want to be sure that everybody gets a fair outcome,” the minister told reporters in the capital.",
    "Opposition lawmakers criticised the plan, saying it came too late to make a difference this year.",
]


def story(title: str = "Government to review trade agreement after talks", **kwargs) -> Story:
    kwargs.setdefault("paragraphs", list(PARAGRAPHS))
    return Story(title=title, **kwargs)
