"""civic-ai-suite: the Streamlit entry point (run by ``civic demo``).

It sets up the page, the language switch and the navigation; the dashboard is the default page.
The sector pages live in ``apps/views/``, not ``apps/pages/``: Streamlit treats a ``pages/`` folder
beside the entry script as a legacy multipage app, and the first visitor of a fresh server then got
that folder's navigation (file names, no language switch) instead of this one.
"""

import streamlit as st

from apps import dashboard, demo_models
from apps.sections import SECTIONS
from shared.ui import language_switch, page_chrome, tr

st.set_page_config(page_title="civic-ai-suite", page_icon=":material/account_balance:", layout="wide")
page_chrome()
language_switch()
demo_models.warm_up()  # build the page models at server start, not in front of the first visitor

pages = [
    st.Page(dashboard.render, title=tr("대시보드", "Dashboard"), icon=":material/dashboard:", default=True)
]
pages += [st.Page(str(s.page_path), title=tr(s.ko, s.en), icon=s.icon, url_path=s.url) for s in SECTIONS]
st.navigation(pages).run()
