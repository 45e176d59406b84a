"""Reviewed reply texts for red flags, in Chinese and English.

Fixed strings only. They tell people what to do while waiting for help; they
never suggest starting, stopping or changing a medicine dose.
"""

from __future__ import annotations

from coach.triage.template_text_problems import EMERGENCY_STEPS_MORE, URGENT_NOTES_MORE

SUICIDE_LINES = {
    "zh": "24小时心理援助热线：12356（全国心理援助热线）、400-161-9995（希望24热线）。",
    "en": "24-hour support lines: 12356 (national psychological assistance hotline) and 400-161-9995 "
    "(Hope 24 hotline).",
}

EMERGENCY_HEADER = {
    "zh": "⚠️ 您描述的情况可能是急症。请立即拨打120急救电话（如果说话困难，请让身边的人帮您拨打），"
    "不要自己开车去医院，也不要等着观察。",
    "en": "⚠️ What you describe may be an emergency. Call 120 now (if speaking is hard, ask someone near you "
    "to call). Do not drive yourself to hospital and do not wait to see if it passes.",
}

EMERGENCY_FOOTER = {
    "zh": "我是健康助手，不能代替医生。请先拨打120，安全以后再回来告诉我们情况。",
    "en": "I am a health coach assistant, not a doctor. Call 120 first; tell us how you are once you are safe.",
}

EMERGENCY_STEPS: dict[str, dict[str, str]] = {
    "acs": {
        "zh": "等待急救时：立即停止一切活动，坐下或躺下休息；解开过紧的衣领；打开家门门锁，方便急救人员进门；尽量让家人陪在身边。",
        "en": "While you wait: stop what you are doing and sit or lie down; loosen tight clothing; unlock the "
        "door so the ambulance crew can get in; ask someone to stay with you.",
    },
    "stroke": {
        "zh": "等待急救时：记下症状开始的准确时间（这对治疗非常重要）；不要给患者吃任何东西或喝水；让患者侧躺，保持呼吸通畅；打开家门门锁。",
        "en": "While you wait: note the exact time the symptoms started (this matters for treatment); do not "
        "give food or water; lay the person on their side to keep the airway clear; unlock the door.",
    },
    "severe_breathlessness": {
        "zh": "等待急救时：保持坐直或身体稍向前倾，不要平躺；松开紧身衣物，开窗通风；打开家门门锁。",
        "en": "While you wait: sit upright or lean slightly forward, do not lie flat; loosen tight clothing and "
        "open a window; unlock the door.",
    },
    "hypertensive_crisis": {
        "zh": "等待急救时：安静地坐下或躺下，不要走动；记下血压数值和测量时间；打开家门门锁。",
        "en": "While you wait: sit or lie down quietly and do not walk around; write down the readings and when "
        "you took them; unlock the door.",
    },
    "hypoglycaemia": {
        "zh": "如果本人清醒、能吞咽：马上吃15克快速起效的糖（约3-4块方糖，或半杯约150毫升果汁或含糖饮料，或1汤匙蜂蜜），"
        "15分钟后复测血糖。如果已经意识不清、叫不醒或不能吞咽：不要往嘴里喂任何东西，让其侧躺，等待急救。",
        "en": "If the person is awake and can swallow: take 15 g of fast sugar now (3-4 sugar cubes, half a "
        "glass / 150 ml of juice or sugary drink, or 1 tablespoon of honey) and recheck in 15 minutes. If they "
        "are drowsy, unconscious or cannot swallow: put nothing in the mouth, lay them on their side and wait "
        "for the ambulance.",
    },
    "hyperglycaemia": {
        "zh": "等待急救时：如果清醒且能吞咽，可以小口喝白开水；不要吃含糖食物；带上血糖仪和平时所有的药物一起去医院。",
        "en": "While you wait: if awake and able to swallow, sip plain water; avoid sugary food and drinks; take "
        "your meter and all your usual medicines with you to hospital.",
    },
    "heart_failure_decompensation": {
        "zh": "等待急救时：坐直休息，双腿自然下垂，不要平躺；不要一次大量喝水；带上药物清单和最近的体重记录。",
        "en": "While you wait: sit upright with your legs down, do not lie flat; do not drink large amounts at "
        "once; take your medicine list and recent weight record with you.",
    },
    "ckd_danger": {
        "zh": "等待急救时：安静休息；暂时不要吃香蕉、橙子、土豆等高钾食物，不要用低钠盐（代盐）；带上最近的化验单和药物清单。",
        "en": "While you wait: rest; avoid high-potassium foods (bananas, oranges, potatoes) and salt "
        "substitutes; take your latest blood results and medicine list with you.",
    },
    "suicide_risk": {
        "zh": "您的安全最重要。如果您已经伤害了自己或吃下了过量的药，或觉得自己马上会伤害自己，请现在就拨打120（或110）。"
        "请不要一个人待着——马上请一位您信任的人过来陪您；把药物、刀具、绳子等可能用来伤害自己的东西拿开，交给别人保管。"
        "您也可以随时拨打" + SUICIDE_LINES["zh"] + "如果您愿意，可以继续和我说说现在的感受。",
        "en": "Your safety matters most. If you have hurt yourself or taken an overdose, or feel you might act "
        "on these thoughts, call 120 (or 110) now. Please do not stay alone: ask someone you trust to be with "
        "you now, and move medicines, knives, ropes or anything you could use to hurt yourself out of reach or "
        "give them to someone to keep. " + SUICIDE_LINES["en"] + " If you like, you can keep telling me how you "
        "feel.",
    },
    "anaphylaxis": {
        "zh": "等待急救时：如果医生给您开过肾上腺素自动注射笔，请立即按说明使用；呼吸困难时保持坐位，头晕时平躺并抬高双腿；"
        "远离可疑的食物或蜂虫；打开家门门锁。",
        "en": "While you wait: if you have been prescribed an adrenaline auto-injector, use it now as instructed; "
        "sit up if breathing is hard, lie down with legs raised if you feel faint; keep away from the suspected "
        "food or insect; unlock the door.",
    },
    "gi_bleed": {
        "zh": "等待急救时：躺下休息，头偏向一侧，防止呕吐物呛入气道；暂时不要吃东西或喝水；记下吐血或黑便的量和颜色。",
        "en": "While you wait: lie down with your head turned to one side so vomit cannot block the airway; do "
        "not eat or drink; note how much blood or black stool there was and its colour.",
    },
    "arrhythmia_syncope": {
        "zh": "等待急救时：马上坐下或躺下，防止摔倒；如果晕倒的人没有反应、没有正常呼吸，请按120调度员的指导做心肺复苏；打开家门门锁。",
        "en": "While you wait: sit or lie down at once so you do not fall; if someone who collapsed does not "
        "respond or is not breathing normally, start CPR as the 120 dispatcher tells you; unlock the door.",
    },
    "fall_injury": {
        "zh": "等待急救时：如果头部受伤、昏迷或怀疑骨折，不要强行扶起或搬动，注意保暖；留意有没有呕吐、犯困、说话不清；"
        "告诉急救人员正在用的抗凝药（如华法林）。",
        "en": "While you wait: if there is a head injury, unconsciousness or a possible fracture, do not lift or "
        "move the person, keep them warm; watch for vomiting, drowsiness or slurred speech; tell the ambulance "
        "crew about any blood thinners (such as warfarin).",
    },
    "copd_exacerbation": {
        "zh": "等待急救时：坐直、身体稍向前倾，用缩唇呼吸慢慢呼气；保持通风；打开家门门锁。",
        "en": "While you wait: sit upright leaning slightly forward and breathe out slowly through pursed lips; "
        "keep the room ventilated; unlock the door.",
    },
    "vision_loss": {
        "zh": "等待急救时：记下视力变化开始的时间；不要揉眼睛，不要自己开车；请家人陪同。",
        "en": "While you wait: note the time your sight changed; do not rub your eyes or drive; ask someone to "
        "go with you.",
    },
}

# Before anything else when someone says life feels not worth living: they are heard first (NICE NG225).
HEARD = {
    "zh": "谢谢您愿意告诉我，听起来您最近真的很不容易。",
    "en": "Thank you for telling me; that sounds really hard.",
}
URGENT_HEADER = {
    "zh": "您描述的情况需要今天就由医生评估。请今天联系您的家庭医生（签约医生），或到医院就诊。我们的照护团队已收到通知，会尽快与您联系。",
    "en": "What you describe needs a doctor's review today. Please contact your family doctor today, or go to "
    "a clinic or hospital. Your care team has been notified and will contact you soon.",
}

URGENT_FOOTER = {
    "zh": "如果情况加重，或出现胸痛、呼吸困难、说话不清、一侧手脚无力、意识不清等情况，请立即拨打120或去急诊。",
    "en": "If things get worse, or you get chest pain, trouble breathing, slurred speech, weakness on one side "
    "or confusion, call 120 or go to the emergency department straight away.",
}

URGENT_NOTES: dict[str, dict[str, str]] = {
    "acs": {
        "zh": "即使胸口不适已经缓解，今天也需要看医生；在此之前请避免用力活动。",
        "en": "Even if the chest discomfort has eased, you need to see a doctor today; avoid exertion until then.",
    },
    "stroke": {
        "zh": "即使症状已经消失，也可能是短暂性脑缺血（小中风），今天必须就诊；请记下症状出现的时间。",
        "en": "Even if the symptoms have gone, this may have been a mini-stroke (TIA) and needs a doctor today; "
        "note when it happened.",
    },
    "severe_breathlessness": {
        "zh": "请保持坐直休息，避免用力活动。",
        "en": "Rest sitting upright and avoid exertion.",
    },
    "hypertensive_crisis": {
        "zh": "请安静休息30分钟后再测一次血压并记录下来，就诊时带上记录。",
        "en": "Rest quietly for 30 minutes, measure again and write the readings down to show the doctor.",
    },
    "hypoglycaemia": {
        "zh": "如果本人清醒、能吞咽：现在先吃15克快速起效的糖（如3-4块方糖或半杯果汁），15分钟后复测血糖，恢复后吃点主食。",
        "en": "If you are awake and can swallow: take 15 g of fast sugar now (3-4 sugar cubes or half a glass "
        "of juice), recheck in 15 minutes, then have a snack or meal.",
    },
    "hyperglycaemia": {
        "zh": "请多喝白开水，每2-4小时复测一次血糖并记录。",
        "en": "Drink plenty of water and recheck your sugar every 2-4 hours, writing the results down.",
    },
    "heart_failure_decompensation": {
        "zh": "请每天早上同一时间称体重并记录，留意腿脚水肿和夜里能否平躺。",
        "en": "Weigh yourself each morning at the same time and write it down; watch your ankle swelling and "
        "whether you can lie flat at night.",
    },
    "ckd_danger": {
        "zh": "暂时少吃香蕉、橙子、土豆等高钾食物，不要用低钠盐（代盐）；就诊时带上化验单。",
        "en": "Until you are seen, avoid high-potassium foods and salt substitutes; bring your blood results.",
    },
    "suicide_risk": {
        "zh": "请不要一个人待着，请一位信任的人陪着您。" + SUICIDE_LINES["zh"],
        "en": "Please do not stay alone; ask someone you trust to be with you. " + SUICIDE_LINES["en"],
    },
    "anaphylaxis": {
        "zh": "请留意有没有嘴唇、舌头、喉咙肿胀或呼吸困难，一旦出现立即拨打120。",
        "en": "Watch for swelling of the lips, tongue or throat or any trouble breathing; if any appear, call "
        "120 at once.",
    },
    "gi_bleed": {
        "zh": "请记下大便的颜色和次数；如果出现头晕、心慌、吐血，立即拨打120。",
        "en": "Note the colour and number of stools; if you feel faint, have a racing heart or vomit blood, "
        "call 120.",
    },
    "arrhythmia_syncope": {
        "zh": "起身时动作放慢，暂时不要开车或登高，尽量有人陪在身边。",
        "en": "Get up slowly, do not drive or climb until you are seen, and try to have someone with you.",
    },
    "fall_injury": {
        "zh": "请留意有没有头痛加重、呕吐、犯困或疼痛加重，并请家人陪同就诊。",
        "en": "Watch for a worsening headache, vomiting, drowsiness or increasing pain, and have someone go "
        "with you.",
    },
    "copd_exacerbation": {
        "zh": "请按您的慢阻肺行动计划处理，保持坐直休息，注意痰的颜色和量。",
        "en": "Follow your COPD action plan, rest sitting upright and note the colour and amount of sputum.",
    },
    "vision_loss": {
        "zh": "视力突然变化需要今天看眼科或急诊，请不要自己开车。",
        "en": "A sudden change in sight needs an eye doctor today; do not drive yourself.",
    },
}

EMERGENCY_STEPS.update(EMERGENCY_STEPS_MORE)
URGENT_NOTES.update(URGENT_NOTES_MORE)
