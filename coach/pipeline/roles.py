"""Which AI role answers: coach, dietitian or pharmacist. Deterministic keyword routing."""

from __future__ import annotations

from coach.pipeline.models import Role

_PHARMACIST = (
    "药", "剂量", "漏服", "漏吃", "忘吃", "忘了吃", "副作用", "不良反应", "一起吃", "相互作用", "片", "胶囊", "注射",
    "胰岛素", "他汀", "二甲双胍", "停药", "换药",
    "dose", "doses", "missed", "side effect", "pill", "pills", "medication", "medicine", "tablet", "drug",
    "statin", "metformin", "insulin", "inhaler",
)
_DIETITIAN = (
    "吃什么", "能吃", "可以吃", "饮食", "食物", "盐", "蛋白", "钾", "磷", "水果", "蔬菜",
    "喝水", "喝酒", "减肥", "减重",
    "食谱", "早餐", "晚饭", "零食", "主食", "米饭", "肉", "鸡蛋", "牛奶", "豆", "油",
    "糖分", "热量",
    "diet", "food", "eat", "eating", "salt", "sodium", "protein", "potassium", "phosphorus", "fruit",
    "vegetable",
    "meal", "breakfast", "snack", "calorie", "lose weight", "weight loss", "drink",
)


def _hits(text: str, words: tuple[str, ...]) -> int:
    lowered = text.lower()
    return sum(1 for word in words if word in lowered)


def route_role(text: str) -> Role:
    """Medicine questions go to the pharmacist, food questions to the dietitian, the rest to the coach.
    When both match, the one with more signals wins; a tie goes to the pharmacist (safety first)."""
    pharmacist, dietitian = _hits(text, _PHARMACIST), _hits(text, _DIETITIAN)
    if pharmacist == 0 and dietitian == 0:
        return "coach"
    return "pharmacist" if pharmacist >= dietitian else "dietitian"
