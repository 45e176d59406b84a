"""What the coach may say about the member, built from the database each turn (never from model memory).

Everything here is minimised: age and sex, conditions, medicines, readings and care gaps.
No name, phone number or openid ever reaches a prompt or a reply.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from coach.members.snapshot import MemberSnapshot, ObservationRecord
from coach.pipeline.models import GapLike

CONDITION_NAMES = {
    "diabetes": ("糖尿病", "diabetes"), "hypertension": ("高血压", "hypertension"),
    "hyperlipidaemia": ("高血脂", "high cholesterol"), "ckd": ("慢性肾病", "chronic kidney disease"),
    "heart_failure": ("心力衰竭", "heart failure"), "coronary_heart_disease": ("冠心病", "coronary heart disease"),
    "post_mi": ("心梗后", "after a heart attack"), "copd": ("慢阻肺", "COPD"), "asthma": ("哮喘", "asthma"),
    "atrial_fibrillation": ("房颤", "atrial fibrillation"), "tia": ("短暂性脑缺血发作", "TIA"),
    "stroke": ("脑卒中", "stroke"), "depression": ("抑郁", "depression"), "schizophrenia": ("精神分裂症", "schizophrenia"),
    "osteoporosis": ("骨质疏松", "osteoporosis"), "obesity": ("肥胖", "obesity"), "smoking": ("吸烟", "smoking"),
    "alcohol_use": ("饮酒问题", "alcohol use"),
}
READING_NAMES = {
    "blood_pressure": ("血压", "blood pressure"), "weight": ("体重", "weight"), "glucose": ("血糖", "blood glucose"),
    "hba1c": ("糖化血红蛋白", "HbA1c"), "egfr": ("肾小球滤过率（eGFR）", "eGFR"), "uacr": ("尿白蛋白肌酐比（uACR）", "uACR"),
    "potassium": ("血钾", "potassium"), "ldl": ("低密度脂蛋白（LDL）", "LDL cholesterol"), "bmi": ("BMI", "BMI"),
    "heart_rate": ("心率", "heart rate"), "height": ("身高", "height"), "blood_lead": ("血铅", "blood lead"),
    "steps": ("步数", "steps"),
}
EVENT_NAMES = {
    "eye_exam": ("眼底检查", "eye exam"), "colorectal_screening": ("结直肠癌筛查", "colorectal screening"),
    "cervical_screening": ("宫颈癌筛查", "cervical screening"), "breast_screening": ("乳腺癌筛查", "breast screening"),
    "lung_screening": ("肺癌筛查", "lung screening"), "gastric_screening": ("胃癌筛查", "stomach screening"),
    "liver_screening": ("肝癌筛查", "liver screening"), "bone_density": ("骨密度检查", "bone density scan"),
    "spirometry": ("肺功能检查", "spirometry"), "ecg": ("心电图", "ECG"), "echocardiogram": ("心脏超声", "echocardiogram"),
    "aortic_ultrasound": ("腹主动脉超声", "aortic ultrasound"), "fall": ("跌倒", "fall"), "fracture": ("骨折", "fracture"),
    "hospital_discharge": ("出院", "hospital discharge"), "functional_assessment": ("功能状态评估", "functional assessment"),
    "medication_review": ("用药检视", "medication review"), "advance_care_plan": ("护理预计划", "advance care plan"),
    "fall_risk_assessment": ("跌倒风险评估", "fall risk assessment"), "lipid_panel": ("血脂检查", "lipid test"),
    "care_plan": ("护理计划", "care plan"),
}


@dataclass(frozen=True)
class Fact:
    key: str  # e.g. "reading:blood_pressure", "gap:17"
    text: str


def _local(when: datetime, tz: str) -> str:
    return when.astimezone(ZoneInfo(tz)).strftime("%Y-%m-%d")


def format_reading(obs: ObservationRecord, language: str, tz: str) -> str:
    date = _local(obs.observed_at, tz)
    if obs.kind in EVENT_NAMES or (obs.value is None and obs.kind != "blood_pressure"):
        name = EVENT_NAMES.get(obs.kind, (obs.kind, obs.kind))[0 if language == "zh" else 1]
        return f"{name}（{date}）" if language == "zh" else f"{name} ({date})"
    if obs.kind == "blood_pressure":
        # One half alone ("高压148") is said as that half, never "148/None".
        if obs.systolic is not None and obs.diastolic is not None:
            value = f"{obs.systolic}/{obs.diastolic} mmHg"
        elif obs.systolic is not None:
            value = f"{'收缩压' if language == 'zh' else 'systolic '}{obs.systolic} mmHg"
        else:
            value = f"{'舒张压' if language == 'zh' else 'diastolic '}{obs.diastolic} mmHg"
    else:
        units = {"weight": "kg", "glucose": "mmol/L", "hba1c": "%", "egfr": "mL/min/1.73m²", "uacr": "mg/g",
                 "potassium": "mmol/L", "ldl": "mmol/L", "bmi": ""}
        value = f"{obs.value:g}{(' ' if units.get(obs.kind) not in ('%', '') else '') + units.get(obs.kind, '')}"
    name = READING_NAMES.get(obs.kind, (obs.kind, obs.kind))[0 if language == "zh" else 1]
    return f"{name} {value}（{date}）" if language == "zh" else f"{name} {value} ({date})"


def against_target(obs: ObservationRecord, language: str, weight_range: tuple[float, float] | None = None) -> str:
    """The catalog's control thresholds: BP < 140/90 (items 18, 20), HbA1c < 8.0 % (item 15); a weight
    against the member's own target range when their doctor set one (heart failure, item 31)."""
    zh = language == "zh"
    if obs.kind == "weight" and obs.value is not None and weight_range is not None:
        low, high = weight_range
        span = f"{low:.1f}–{high:.1f}"
        if obs.value > high:
            return (f"，高于您 {span} 公斤目标范围的上限，请联系家庭医生" if zh
                    else f", above the upper limit of your {span} kg range: please contact your family doctor")
        if obs.value < low:
            return f"，低于您 {span} 公斤的目标范围" if zh else f", below your {span} kg range"
        return f"，在您 {span} 公斤的目标范围内" if zh else f", within your {span} kg range"
    if obs.kind == "blood_pressure" and obs.systolic is not None and obs.diastolic is not None:
        ok = obs.systolic < 140 and obs.diastolic < 90
        return ("，低于 140/90 的控制目标" if ok else "，未达到 140/90 以下的控制目标") if zh else (
            ", below the 140/90 control target" if ok else ", not yet below the 140/90 control target")
    if obs.kind == "bmi" and obs.value is not None:
        # WS/T 428-2013 (knowledge item 2): 24.0–27.9 overweight, 28 or more obesity.
        label = ("肥胖", "obesity") if obs.value >= 28 else ("超重", "overweight") if obs.value >= 24 else ("正常", "healthy")
        return (f"，按中国标准属于{label[0]}（24.0–27.9 为超重，28 及以上为肥胖）" if zh
                else f", in the {label[1]} range by the Chinese cut-offs (24.0–27.9 overweight, 28 or more obesity)")
    if obs.kind == "hba1c" and obs.value is not None:
        ok = obs.value < 8.0
        return ("，低于 8.0% 的控制目标" if ok else "，高于 8.0% 的控制目标") if zh else (
            ", below the 8.0% control target" if ok else ", above the 8.0% control target")
    return ""


def reading_fact(member: MemberSnapshot, kind: str) -> Fact | None:
    latest = member.latest(kind)
    if latest is None:
        return None
    zh = member.language == "zh"
    reading = format_reading(latest, member.language, member.timezone)
    verdict = against_target(latest, member.language, member.weight_range_kg)
    text = f"你最近一次的记录：{reading}{verdict}。" if zh else f"Your latest record: {reading}{verdict}."
    return Fact(f"reading:{kind}", text)


def gap_fact(gap: GapLike, title: str, language: str) -> Fact:
    zh = language == "zh"
    status = {"due": ("待完成", "due"), "overdue": ("已逾期", "overdue"), "met": ("已完成", "done")}
    label = status.get(gap.status, (gap.status, gap.status))[0 if zh else 1]
    due = f"（截止 {gap.due_date.isoformat()}）" if zh and gap.due_date else (
        f" (due {gap.due_date.isoformat()})" if gap.due_date else "")
    reason = gap.reason_zh if zh else gap.reason_en
    text = f"你的「{title}」{label}{due}：{reason}" if zh else f"Your {title} is {label}{due}: {reason}"
    return Fact(f"gap:{gap.item}", text if text.endswith(("。", ".")) else text + ("。" if zh else "."))


def member_summary(member: MemberSnapshot, today_age: int) -> str:
    sex = {"M": "male", "F": "female"}.get(member.sex, "unknown")
    conditions = ", ".join(sorted(CONDITION_NAMES.get(c, (c, c))[1] for c in member.conditions)) or "none recorded"
    return f"{sex}, {today_age} years; conditions: {conditions}; care tier: {member.care_tier}"


def medications_summary(member: MemberSnapshot) -> str:
    lines = [f"- {m.name} ({m.drug_class}){' ' + m.dose_text if m.dose_text else ''}"
             f"{' at ' + ', '.join(t.strftime('%H:%M') for t in m.times) if m.times else ''}"
             for m in member.medications]
    return "\n".join(lines) or "none recorded"


def readings_summary(member: MemberSnapshot, kinds: Sequence[str] = tuple(READING_NAMES)) -> str:
    lines = []
    for kind in kinds:
        latest = member.latest(kind)
        if latest is not None:
            lines.append("- " + format_reading(latest, "en", member.timezone))
    return "\n".join(lines) or "none recorded"
