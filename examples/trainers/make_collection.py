"""Build examples/trainers/collection.csv from tonecheck's labelled message sets.

    python examples/trainers/make_collection.py

Every labelled message of tests/devset/ written for a formal team (the batch below runs with the
default formal register) becomes a row: id, author, text, labels ("blame;refusal", empty for a
clean message). Authors are fictional and assigned in turn, so the report has people to compare.
"""

import csv
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
SETS = ["ru", "en", "holdout-ru", "holdout-en", "blind-ru", "blind-en"]
AUTHORS = {"ru": ["Анна Козлова", "Борис Лебедев", "Ирина Морозова"], "en": ["Kate Brown", "Tom Reed", "Sam Wells"]}


def main() -> None:
    out = Path(__file__).with_name("collection.csv")
    n = 0
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "author", "text", "labels"])
        for name in SETS:
            lang = name[-2:]
            items = yaml.safe_load((ROOT / "tests" / "devset" / f"{name}.yaml").read_text(encoding="utf-8"))
            for i, item in enumerate(items):
                if item.get("formality", "formal") != "formal" or item.get("to"):
                    continue
                n += 1
                author = AUTHORS[lang][i % 3]
                writer.writerow([f"{name}-{i + 1:03d}", author, item["text"], ";".join(item["expect"])])
    print(f"{n} messages -> {out}")


if __name__ == "__main__":
    main()
