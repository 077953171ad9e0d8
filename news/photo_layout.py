"""Where an article's photos go in its body: after the paragraph the editor chose, or spread evenly.

The body is cut into blocks (paragraphs, photos inserted in the text, quotes, tables, lists: what
a reader sees as one paragraph; a heading goes with the block under it). A photo whose
`after_paragraph` is N follows block N (0: above the first; past the end: after the last). Photos
without it are spread evenly, the way a district portal lays out a report and the way every
article was laid out before editors could choose: the first follows the first block, the others
every len(blocks) // len(photos) blocks.
"""

import re

BLOCK_END = re.compile(r"</p>|</figure>|</blockquote>|</table>|</ul>|</ol>", re.IGNORECASE)
ABOVE_THE_FIRST = -1


def split_blocks(body):
    """(blocks, tail): the body's blocks, each ending with its closing tag, and what follows the last."""
    blocks, start = [], 0
    for match in BLOCK_END.finditer(body or ""):
        blocks.append(body[start : match.end()])
        start = match.end()
    return blocks, (body or "")[start:]


def photo_slots(block_count, photos):
    """{index of the block a photo follows (ABOVE_THE_FIRST for the top): [photos, in their order]}.

    Needs at least one block; `photos` in the order the editor gave them.
    """
    spread = [i for i, photo in enumerate(photos) if photo.after_paragraph is None]
    step = max(1, block_count // len(spread)) if spread else 1
    position = {i: min(block_count - 1, n * step) for n, i in enumerate(spread)}
    slots = {}
    for i, photo in enumerate(photos):  # in the editor's order within a slot
        slot = position[i] if i in position else min(photo.after_paragraph, block_count) - 1
        slots.setdefault(slot, []).append(photo)
    return slots
