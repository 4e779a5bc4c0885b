"""The suite's sections: one per sector plus Civil Affairs, with their page, URL and benchmark module."""

from __future__ import annotations

from dataclasses import dataclass

from apps import APP_DIR, RESULTS_DIR


@dataclass(frozen=True)
class Section:
    """One tile on the dashboard, one page, one benchmark."""

    key: str  # the name used on the command line: civic demo KEY, civic bench KEY
    ko: str
    en: str
    icon: str
    page: str  # path under apps/
    url: str  # URL path of the page in the running app
    bench_module: str
    summary_ko: str
    summary_en: str

    @property
    def results_file(self):
        """Where the dashboard reads this section's headline (written by civic bench --json)."""
        return RESULTS_DIR / f"{self.key}.json"

    @property
    def page_path(self):
        return APP_DIR / self.page


SECTIONS: tuple[Section, ...] = (
    Section(
        "llm",
        "민원 업무 지원",
        "Civil Affairs",
        ":material/gavel:",
        "views/civil_affairs.py",
        "civil-affairs",
        "shared.llm.bench",
        "긴 민원을 요약하고 법령·사례를 찾아 근거와 함께 답변 초안 작성",
        "Summarise complaints, find laws and cases, draft replies with their legal basis",
    ),
    Section(
        "finance",
        "금융 상품 추천",
        "Finance",
        ":material/account_balance:",
        "views/finance.py",
        "finance",
        "sectors.finance.bench",
        "고객이 다음 달 가입할 금융 상품 추천",
        "Recommend the products a customer adds next",
    ),
    Section(
        "welfare",
        "복지 서비스 매칭",
        "Welfare",
        ":material/volunteer_activism:",
        "views/welfare.py",
        "welfare",
        "sectors.welfare.bench",
        "신청 전에 받을 수 있는 복지 서비스 안내, 사각지대 발굴",
        "Services a household qualifies for, before it asks; blind spots",
    ),
    Section(
        "employment",
        "일자리·훈련 추천",
        "Employment",
        ":material/work:",
        "views/employment.py",
        "employment",
        "sectors.employment.bench",
        "구직자에게 맞는 일자리와 맞춤형 훈련 계획",
        "Jobs for a seeker and the training that closes the gap",
    ),
    Section(
        "traffic",
        "교통 흐름 예측",
        "Traffic",
        ":material/traffic:",
        "views/traffic.py",
        "traffic",
        "sectors.traffic.bench",
        "센서 네트워크의 5~60분 뒤 속도 예측",
        "Speed on every sensor 5 to 60 minutes ahead",
    ),
    Section(
        "disaster",
        "재난 위험 예측",
        "Disaster",
        ":material/flood:",
        "views/disaster.py",
        "disaster",
        "sectors.disaster.bench",
        "하천 홍수와 태풍 진로·영향 확률 예측",
        "River floods and typhoon strike probability",
    ),
)

#: Benchmarks without a page of their own.
EXTRA_BENCHMARKS = {"recsys": "shared.recsys.bench"}


def by_key(key: str) -> Section | None:
    """The section named ``key`` (also accepts its URL name, e.g. civil-affairs)."""
    for section in SECTIONS:
        if key in (section.key, section.url):
            return section
    return None


def benchmark_modules() -> dict[str, str]:
    """Every benchmark name the CLI accepts, mapped to its module."""
    out = {s.key: s.bench_module for s in SECTIONS}
    out.update(EXTRA_BENCHMARKS)
    return out
