"""The finance demo model: the one the page, the CLI and the tests share."""

from sectors.finance import ProductRecommender, demo_model
from sectors.finance.demo import DEMO_PANEL, DEMO_SETTINGS


def test_demo_model_is_built_once_per_process_with_its_documented_settings():
    panel, model = demo_model()
    assert demo_model()[1] is model
    assert isinstance(model, ProductRecommender) and model.get_params() == DEMO_SETTINGS
    assert panel["ncodpers"].nunique() >= DEMO_PANEL["n_customers"]
    assert panel["fecha_dato"].nunique() == DEMO_PANEL["months"]
    assert len(model.training_months_) == DEMO_SETTINGS["n_recent"]
