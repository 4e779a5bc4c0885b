"""Streamlit page for the 'disaster' section (filled in when the sector lands)."""

import streamlit as st

from apps.sections import by_key
from shared.ui import tr

section = by_key("disaster")
st.header(f"{section.icon} {tr(section.ko, section.en)}")
st.write(tr(section.summary_ko, section.summary_en))
st.info(
    tr(
        "아직 학습되지 않음: 이 부문의 모델이 준비되면 여기에 데모가 표시됩니다.",
        "Not trained yet: the demo appears here when this sector's model lands.",
    )
)
