"""The benchmark corpora: a few thousand realistic work messages per language, and a 5 MB file.

Messages are built from the labelled dev, held-out and blind sets (good and bad ones) set inside
the surrounding sentences a real message carries: a greeting most of the time, one to four
neutral sentences of context, the labelled message itself, sometimes a closing and a signature.
The choice is seeded, so every run measures the same text.

    python bench/corpus.py --out DIR      # writes corpus-ru.jsonl, corpus-en.jsonl, big.txt
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent

CONTEXT = {
    "ru": [
        "Посмотрел таблицу по закупкам за октябрь.",
        "Сегодня утром созвонились с поставщиком.",
        "Бухгалтерия закрывает месяц в пятницу.",
        "Отчёт лежит в общей папке проекта.",
        "На встрече в среду обсудили сроки запуска.",
        "Клиент подтвердил заказ на сорок позиций.",
        "Склад принял поставку, расхождений нет.",
        "Новая версия сайта выходит во вторник.",
        "В понедельник у нас аудит документов.",
        "Договор с подрядчиком продлили до конца года.",
        "Служба поддержки получила три похожих обращения.",
        "Счёт за сентябрь уже оплачен.",
        "Команда дизайна прислала макеты второй страницы.",
        "Отпуск Марии начинается с пятнадцатого числа.",
        "Тестовый стенд работает с утра без сбоев.",
        "Презентацию для совета директоров согласовали.",
        "Курьер привезёт документы после обеда.",
        "Заявка на доступ к системе зарегистрирована под номером 4512.",
        "По плану мы успеваем закрыть этап к концу месяца.",
        "Юристы проверили текст соглашения и правок не нашли.",
        "Переговорная на третьем этаже забронирована на 11:00.",
        "Данные за третий квартал уже в отчёте.",
        "Сервер перезагрузили ночью, всё работает штатно.",
        "Новый сотрудник выходит в отдел продаж с понедельника.",
        "График дежурств на декабрь висит на портале.",
        "Поставщик обещал скидку при заказе от ста штук.",
        "Обновление базы клиентов займёт около часа.",
        "Протокол встречи разослали всем участникам.",
    ],
    "en": [
        "I went through the October purchasing sheet.",
        "We spoke to the supplier this morning.",
        "Finance closes the month on Friday.",
        "The report is in the shared project folder.",
        "At Wednesday's meeting we discussed the launch dates.",
        "The customer confirmed the order for forty items.",
        "The warehouse received the delivery with no discrepancies.",
        "The new version of the site goes live on Tuesday.",
        "We have a document audit on Monday.",
        "The contractor's agreement was extended to the end of the year.",
        "Support received three similar tickets.",
        "The September invoice has already been paid.",
        "The design team sent the mock-ups for the second page.",
        "Maria's leave starts on the fifteenth.",
        "The test environment has been running without issues since the morning.",
        "The board presentation has been approved.",
        "The courier will bring the documents after lunch.",
        "The access request is logged as ticket 4512.",
        "We are on track to close this stage by the end of the month.",
        "Legal reviewed the agreement and found nothing to change.",
        "The meeting room on the third floor is booked for 11:00.",
        "The third-quarter figures are in the report.",
        "The server was restarted overnight and everything runs normally.",
        "A new colleague joins the sales team on Monday.",
        "The December on-call rota is on the portal.",
        "The supplier offered a discount on orders over a hundred units.",
        "The customer database update will take about an hour.",
        "The meeting notes went out to everyone who attended.",
    ],
}
GREETINGS = {
    "ru": ["Здравствуйте, {name}!", "Добрый день, {name}!", "Здравствуйте!", "Добрый день!", "Коллеги, добрый день!"],
    "en": ["Hi {name},", "Hello {name},", "Good morning,", "Hi all,", "Dear {name},"],
}
CLOSINGS = {
    "ru": ["Спасибо!", "Хорошего дня!", "Если будут вопросы, пишите.", "С уважением, {me}", "Спасибо, {me}"],
    "en": ["Thanks!", "Have a good day.", "Let me know if you have any questions.", "Best regards, {me}",
           "Thanks, {me}"],
}
NAMES = {"ru": ["Анна", "Игорь", "Мария", "Ольга", "Дмитрий", "Сергей"],
         "en": ["Anna", "Tom", "Maria", "Olga", "David", "Sam"]}


def labelled(language: str) -> list[str]:
    """The texts of the dev, held-out and blind sets of a language."""
    texts = []
    for prefix in ("", "holdout-", "blind-"):
        path = ROOT / "tests" / "devset" / f"{prefix}{language}.yaml"
        texts += [item["text"] for item in yaml.safe_load(path.read_text(encoding="utf-8"))]
    return texts


OPENERS = {"ru": ("здравствуй", "добр", "привет", "коллеги", "уважаем"), "en": ("hi", "hello", "dear", "good", "hey")}


def message(rng: random.Random, language: str, core: str) -> str:
    """One realistic message around a labelled one: a labelled message that opens with its own
    greeting (or lack of one: "Ок", "Нет.") keeps the opening; others may get a greeting."""
    name, me = rng.choice(NAMES[language]), rng.choice(NAMES[language])
    context = rng.sample(CONTEXT[language], rng.randint(1, 4))
    first = [w.strip(",.!") for w in core.lower().split()[:3]]
    if any(w.startswith(OPENERS[language]) for w in first) or len(core.split()) < 4:
        parts = [core, " ".join(context)]
    else:
        cut = rng.randint(0, len(context))
        greeting = rng.choice(GREETINGS[language]).format(name=name) if rng.random() < 0.7 else ""
        parts = [greeting, " ".join(context[:cut]), core, " ".join(context[cut:])]
    if rng.random() < 0.5:
        parts.append(rng.choice(CLOSINGS[language]).format(me=me))
    return "\n".join(p for p in parts if p)


def messages(language: str, count: int = 2000, seed: int = 11) -> list[str]:
    rng = random.Random(f"{seed}-{language}")
    cores = labelled(language)
    return [message(rng, language, rng.choice(cores)) for _ in range(count)]


def big_text(size: int = 5_000_000, seed: int = 5) -> str:
    """About ``size`` bytes of Russian and English messages, blank-line separated (a thread
    export or a mailbox dump pasted into one file)."""
    pool = messages("ru", 500, seed) + messages("en", 500, seed)
    rng, parts, total = random.Random(seed), [], 0
    while total < size:
        text = rng.choice(pool)
        parts.append(text)
        total += len(text.encode("utf-8")) + 2
    return "\n\n".join(parts) + "\n"


def words(texts: list[str]) -> int:
    return sum(len(t.split()) for t in texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--count", type=int, default=2000)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for language in ("ru", "en"):
        texts = messages(language, args.count)
        with (args.out / f"corpus-{language}.jsonl").open("w", encoding="utf-8") as out:
            for i, text in enumerate(texts):
                out.write(json.dumps({"id": f"{language}-{i}", "text": text}, ensure_ascii=False) + "\n")
        print(f"corpus-{language}.jsonl: {len(texts)} messages, {words(texts)} words")
    (args.out / "big.txt").write_text(big_text(), encoding="utf-8")
    print(f"big.txt: {(args.out / 'big.txt').stat().st_size} bytes")


if __name__ == "__main__":
    main()
