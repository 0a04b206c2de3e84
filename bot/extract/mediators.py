"""The third parties that commonly host or mediate talks, with the names news copy gives them."""

from __future__ import annotations

# Third parties that commonly host or mediate talks. A conflict's own parties take precedence, and a
# conflict's `mediators` table adds to this list.
COMMON_MEDIATORS: dict[str, list[str]] = {
    "United States": ["US", "U.S.", "USA", "American", "Washington"],
    "United Nations": ["UN", "U.N.", "UN Security Council", "Security Council"],
    "ASEAN": ["Asean", "Association of Southeast Asian Nations"],
    "European Union": ["EU", "E.U."],
    "African Union": ["AU"],
    "Arab League": ["League of Arab States"],
    "ECOWAS": ["Economic Community of West African States"],
    "IGAD": [],
    "OSCE": [],
    "ICRC": ["International Committee of the Red Cross", "Red Cross"],
    "China": ["Chinese", "Beijing"],
    "Malaysia": ["Malaysian"],
    "Qatar": ["Qatari", "Doha"],
    "Egypt": ["Egyptian", "Cairo"],
    "Turkey": ["Türkiye", "Turkish", "Ankara"],
    "Saudi Arabia": ["Saudi", "Riyadh"],
    "United Arab Emirates": ["UAE", "Emirati", "Abu Dhabi"],
    "Russia": ["Russian", "Moscow"],
    "India": ["Indian", "New Delhi"],
    "Japan": ["Japanese", "Tokyo"],
    "France": ["French", "Paris"],
    "United Kingdom": ["UK", "U.K.", "Britain", "British", "London"],
    "Norway": ["Norwegian", "Oslo"],
    "Switzerland": ["Swiss", "Geneva"],
    "Indonesia": ["Indonesian", "Jakarta"],
    "Kenya": ["Kenyan", "Nairobi"],
    "Ethiopia": ["Ethiopian", "Addis Ababa"],
    "South Africa": ["South African", "Pretoria"],
    "Vatican": ["Holy See"],
}
