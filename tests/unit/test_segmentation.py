"""pyvi loaded without scikit-learn segments exactly as pyvi imported the usual way."""
from __future__ import annotations

import json
import subprocess
import sys

LINES = [
    "Phòng Tư pháp có trách nhiệm phối hợp với các cơ quan, đơn vị có liên quan.",
    "UBND huyện Vĩnh Linh ban hành Kế hoạch số 11/KH-UBND ngày 31/01/2024 về cải cách hành chính.",
    "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
    "hoà giải ở cơ sở; thuỷ lợi",
]

USUAL = "from pyvi import ViTokenizer as T"
OURS = "from corpus.segmentation import vi_tokenizer; T = vi_tokenizer()"


def segmented(load: str) -> dict:
    code = (f"import json, sys; {load}\n"
            f"print(json.dumps({{'words': [T.tokenize(x) for x in {LINES!r}], 'sklearn': 'sklearn' in sys.modules}}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def test_pyvi_without_scikit_learn_segments_the_same() -> None:
    usual, ours = segmented(USUAL), segmented(OURS)
    assert usual["sklearn"] and not ours["sklearn"]
    assert ours["words"] == usual["words"]
    assert "Tư_pháp" in ours["words"][0] and "trách_nhiệm" in ours["words"][0]


def test_scikit_learn_stays_importable_afterwards() -> None:
    code = f"{OURS}\nimport sklearn.base; print(T.tokenize('kết quả thực hiện'))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "kết_quả_thực_hiện"
