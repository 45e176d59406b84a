"""Words of a question about the member's dose record: was the medicine taken on time, has it been skipped.

One definition for the act detector (is this an own-data question?) and the records answer (answer it
from the dose log), so the two cannot disagree about what counts as asking.
"""

from __future__ import annotations

from coach.triage.terms_special import MEDICINE_EN

# 按时吃了吗, 天天都吃了没, 有没有按时吃 (and 有冇按时食药 once read as Mandarin), 降压药吃得咋样.
TAKEN_ON_TIME_ZH = (r"(?:按时|按点|每天|天天)(?:都)?吃了?(?:吗|没|没有)|有没(?:有)?按时吃"
                    r"|药(?:都)?吃得(?:咋样|怎么样|怎样|如何|好不好|还行吗)")
# A medicine after "skipping" / "been taking": "skipping meals" is not a dose question.
MEDICINE_AFTER_EN = (rf"(?:it|them|(?:his|her|my|the|their|that) )?(?:\w+ )?(?:doses?|meds?|{MEDICINE_EN}"
                     r"|[a-z]*(?:pine|semide)(?![a-z]))")
