"""Reviewed reply texts for the presenting problems the red-flag catalogue added (zh / en).

Fixed strings, merged into template_text's tables. Like the others, they say what to do while
waiting for help and never suggest starting, stopping or changing a medicine.
"""

from __future__ import annotations

EMERGENCY_STEPS_MORE: dict[str, dict[str, str]] = {
    "poisoning": {
        "zh": "等待急救时：不要催吐，也不要喂水或食物；把药盒、药瓶或可疑物品带上交给急救人员；如是煤气或炭火，先开窗通风、离开现场；吞了纽扣电池的孩子不要再吃喝。",
        "en": "While you wait: do not make the person vomit and give nothing to eat or drink; keep the packets, "
        "bottles or whatever was swallowed for the ambulance crew; for gas or charcoal fumes open windows and "
        "get out first; a child who swallowed a button battery must not eat or drink.",
    },
    "pregnancy": {
        "zh": "等待急救时：向左侧躺下休息，不要自己走动或开车；准备好产检本和医保卡；记下出血、疼痛或抽搐开始的时间。",
        "en": "While you wait: lie on your left side and do not walk about or drive; have your antenatal record "
        "and insurance card ready; note when the bleeding, pain or fit started.",
    },
    "child_illness": {
        "zh": "等待急救时：让孩子侧躺，保持呼吸通畅；抽搐时不要往嘴里塞任何东西，不要按住手脚；不要捂汗；记下体温和发作时间。",
        "en": "While you wait: lay the child on their side to keep the airway clear; during a fit put nothing in "
        "the mouth and do not hold the limbs down; do not bundle them up; note the temperature and when it started.",
    },
    "haemoptysis": {
        "zh": "等待急救时：坐起或向出血一侧侧躺，把血轻轻咳出，不要咽下；保持安静少说话；保留咳出的血给医生看。",
        "en": "While you wait: sit up or lie on the side that is bleeding, cough the blood out gently rather than "
        "swallowing it; keep still and talk little; keep what was coughed up for the doctor to see.",
    },
    "sepsis": {
        "zh": "等待急救时：让病人躺下保暖，不要捂得过热；记下体温、意识和尿量变化；准备好病历和正在用的药物清单。",
        "en": "While you wait: let the person lie down and keep them warm but not overheated; note the "
        "temperature, how alert they are and when they last passed urine; have their records and medicine list ready.",
    },
    "seizure": {
        "zh": "等待急救时：移开周围的硬物，在头下垫软物；不要往嘴里塞东西，不要按住身体；抽搐停止后让其侧躺；记下开始和持续的时间。",
        "en": "While you wait: move hard objects away and cushion the head; put nothing in the mouth and do not "
        "hold the person down; once the fit stops, turn them on their side; note when it started and how long it lasted.",
    },
    "unresponsive": {
        "zh": "等待急救时：拍打双肩大声呼叫；如果没有正常呼吸，按120调度员的指导立即做胸外按压；有呼吸就让其侧躺，保持呼吸通畅；打开家门门锁。",
        "en": "While you wait: tap the shoulders and shout; if the person is not breathing normally, start chest "
        "compressions as the 120 dispatcher tells you; if they are breathing, turn them on their side to keep "
        "the airway clear; unlock the door.",
    },
    "dehydration": {
        "zh": "等待急救时：让病人躺下，慢慢站起以免摔倒；清醒能吞咽时小口喝水或口服补液盐；带上正在用的药物清单。",
        "en": "While you wait: lie down and get up slowly so you do not fall; if awake and able to swallow, sip "
        "water or oral rehydration solution; bring your list of medicines.",
    },
    "acute_abdomen": {
        "zh": "等待急救时：不要吃喝东西，也不要自行服用止痛药；找舒服的姿势躺好；记下疼痛开始的时间和部位。",
        "en": "While you wait: do not eat or drink and do not take painkillers on your own; lie in the most "
        "comfortable position; note when and where the pain started.",
    },
    "urinary_retention": {
        "zh": "等待急救时：不要大量喝水；可以试着温水坐浴放松；记下最后一次排尿的时间。",
        "en": "While you wait: do not drink large amounts; a warm bath may help you relax; note when you last "
        "passed urine.",
    },
    "bleeding": {
        "zh": "等待急救时：用干净的布用力按压出血处，持续按压不要松开查看；流鼻血时身体前倾、捏住鼻翼；躺下休息，带上正在用的药物清单。",
        "en": "While you wait: press hard on the bleeding with a clean cloth and keep pressing without lifting to "
        "look; for a nosebleed lean forward and pinch the soft part of the nose; lie down and bring your medicine list.",
    },
}

URGENT_NOTES_MORE: dict[str, dict[str, str]] = {
    "poisoning": {
        "zh": "多吃了药或误服了东西，即使现在没有不舒服，也请今天就联系家庭医生或药师，带上药盒说明吃了什么、多少、什么时候吃的。",
        "en": "If extra tablets or something else was swallowed by mistake, contact your family doctor or "
        "pharmacist today even if you feel well; have the packet ready and say what, how much and when.",
    },
    "pregnancy": {
        "zh": "孕期出现胎动减少或吐得吃不下东西，请今天就联系产科医生或去医院产科评估。",
        "en": "In pregnancy, fewer baby movements or vomiting that keeps nothing down need an assessment by "
        "your maternity team today.",
    },
    "child_illness": {
        "zh": "孩子高烧不退或不肯喝水，请今天就带孩子看儿科医生，注意孩子的精神状态和小便次数。",
        "en": "A child with a high fever that does not settle or who refuses drinks should see a doctor today; "
        "watch how alert they are and how often they wet a nappy.",
    },
    "haemoptysis": {
        "zh": "痰里带血丝需要今天就让医生看看；请记录咳血的次数和量。",
        "en": "Streaks of blood in your phlegm should be seen by a doctor today; note how often and how much.",
    },
    "sepsis": {
        "zh": "发热在慢性病或高龄的人身上可能加重得很快，请今天就联系家庭医生，记录体温和精神状态。",
        "en": "A fever in someone with a long-term condition or of older age can worsen quickly: contact your "
        "family doctor today and note the temperature and how alert they are.",
    },
    "seizure": {
        "zh": "抽搐已经停止并完全恢复的，也请今天联系医生复查，记录发作的时间和表现。",
        "en": "Even after a fit has stopped and you have fully recovered, contact your doctor today and note "
        "when it happened and what it looked like.",
    },
    "unresponsive": {
        "zh": "晕过去后已经醒来，也请今天就联系医生查明原因。",
        "en": "Even if the person has come round, contact a doctor today to find the cause.",
    },
    "dehydration": {
        "zh": "腹泻或呕吐并且头晕时，部分降糖、降压或利尿的药物可能需要医生调整，请今天就联系家庭医生或药师，不要自己改动用药。",
        "en": "With diarrhoea or vomiting and dizziness, some diabetes, blood pressure or water tablets may need "
        "a doctor's review: contact your family doctor or pharmacist today and do not change them yourself.",
    },
    "acute_abdomen": {
        "zh": "腹痛持续不缓解或伴发热，请今天就去看医生。",
        "en": "Abdominal pain that does not settle, or comes with a fever, needs a doctor today.",
    },
    "urinary_retention": {
        "zh": "尿不出来、小肚子胀痛，请今天就去医院处理，不要拖延。",
        "en": "Being unable to pass urine with a painful, full bladder needs a doctor today; do not wait.",
    },
    "bleeding": {
        "zh": "在用抗凝或抗血小板药物时容易淤青、牙龈出血，请今天联系家庭医生评估。",
        "en": "Easy bruising or bleeding gums on a blood thinner should be checked by your family doctor today.",
    },
}
