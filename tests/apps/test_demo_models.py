"""The one start-up thread: the attention lists first, then the page models; stops between jobs; failures kept."""

from apps import demo_models


def test_startup_jobs_put_the_dashboard_first_then_every_page_model():
    names = [name for name, _ in demo_models.startup_jobs()]
    attention = [n for n in names if n.startswith("attention:")]
    assert attention == [f"attention:{k}" for k in demo_models.attention_jobs()]
    assert max(names.index(n) for n in attention) < names.index("finance")
    assert {"flood", "finance", "welfare", "medical", "employment", "traffic", "typhoon"} <= set(names)


def test_build_all_runs_in_order_keeps_failures_and_stops_when_asked(monkeypatch):
    done = []

    def boom():
        raise RuntimeError("no data")

    jobs = [
        ("attention:traffic", boom),
        ("finance", lambda: done.append("finance")),
        ("welfare", lambda: done.append("welfare")),
    ]
    monkeypatch.setattr(demo_models, "startup_jobs", lambda: jobs)
    monkeypatch.setattr(demo_models, "_attention", {})
    demo_models.build_all(stop=lambda: len(done) >= 1)
    assert done == ["finance"]  # asked to stop after the first model: the rest is skipped
    assert isinstance(demo_models.attention()["traffic"], RuntimeError)  # shown as "not available"
