"""Invented material for the demo history: people, case summaries and advice, with realistic weights.

Every name is made up and every summary is written to be non-identifying, as real ones must be.
"""
from __future__ import annotations

FIRST_NAMES = ("Amara", "Bethan", "Cerys", "Dana", "Eloise", "Farah", "Gemma", "Hollie", "Imogen", "Jasmin",
               "Kiera", "Lorna", "Maeve", "Nadia", "Orla", "Petra", "Rosa", "Saoirse", "Tamsin", "Uma",
               "Verity", "Wren", "Yasmin", "Zara", "Aled", "Callum", "Dev", "Ewan", "Idris", "Kofi")
SURNAMES = ("Ashdown", "Birchall", "Coverdale", "Dunmore", "Elsworth", "Fenwick", "Garside", "Hollins",
            "Ingleby", "Jarrow", "Kettering", "Lindqvist", "Merriman", "Northcott", "Oakhurst", "Pemberton",
            "Quarrie", "Rushworth", "Stainton", "Thorley", "Underhill", "Vossberg", "Whitlow", "Yardley")

# (job role, organisation, organisation type = referral source code, weight)
ROLES = (
    ("Health visitor", "Community health trust", "health_visiting", 34),
    ("Midwife", "Acute hospital trust", "midwifery", 15),
    ("Family Hub practitioner", "County council", "family_hub", 16),
    ("Early Help worker", "County council", "early_help", 12),
    ("Infant feeding support worker", "Community health trust", "infant_feeding", 8),
    ("Mental health support worker", "Voluntary sector partner", "mental_health_support", 8),
    ("Family Partnership Programme lead", "County council", "family_hub", 7),
)

# Larger districts ask more often; unknown districts (another profile) get weight 5.
DISTRICT_WEIGHTS = {"Maidstone": 11, "Thanet": 12, "Swale": 11, "Canterbury": 9, "Ashford": 9, "Dartford": 7,
                    "Gravesham": 7, "Dover": 8, "Folkestone and Hythe": 8, "Tonbridge and Malling": 6,
                    "Sevenoaks": 5, "Tunbridge Wells": 5}

CHANNELS = (("web", 33), ("slack", 30), ("phone", 24), ("video", 8), ("in_person", 5))

# (summary, usual concern codes)
SUMMARIES = (
    ("Mother of a young baby says she feels detached and goes through the motions of care without enjoying it.",
     ("not_bonding", "negative_thoughts")),
    ("Parent describes the baby as 'doing it on purpose' when crying at night and sounds increasingly angry.",
     ("negative_thoughts", "no_positive_relationship")),
    ("First-time father is withdrawn at visits and avoids holding the baby; mother is carrying all the care.",
     ("not_bonding", "no_positive_relationship")),
    ("Pregnant woman in the third trimester says she cannot picture the baby and fears she will not love it.",
     ("not_bonding", "negative_thoughts")),
    ("Mother talks about her own harsh childhood and worries she is repeating it with her toddler.",
     ("own_parent_relationship",)),
    ("Baby rarely makes eye contact, is hard to settle and seems unusually quiet and watchful at visits.",
     ("infant_distress_signs",)),
    ("Parent had a traumatic birth with an emergency section and now has flashbacks when the baby cries.",
     ("trauma", "negative_thoughts")),
    ("Mother with long-standing anxiety checks the baby constantly and will not let anyone else help.",
     ("additional_difficulties", "negative_thoughts")),
    ("Infant of nine months has frequent feeding battles; parent describes mealtimes as a fight every day.",
     ("infant_distress_signs", "no_positive_relationship")),
    ("Young parent with little support says the baby is 'better off with nan' and spends long periods apart.",
     ("not_bonding", "additional_difficulties")),
    ("Father recently released from a period away is struggling to build a relationship with his son.",
     ("no_positive_relationship",)),
    ("After a stay in neonatal care the mother feels the baby belongs to the nurses and not to her.",
     ("not_bonding", "trauma")),
    ("Parent with a learning disability is loving but misses the baby's cues; worried about next steps.",
     ("additional_difficulties",)),
    ("Mother describes intrusive thoughts of harming the baby which frighten her; she has told her GP.",
     ("negative_thoughts",)),
    ("Toddler shows little distress on separation and goes to strangers readily; parent finds this a relief.",
     ("infant_distress_signs", "no_positive_relationship")),
    ("Parents argue constantly in front of the baby; mother says the baby 'switches off' when it starts.",
     ("infant_distress_signs", "additional_difficulties")),
    ("Bereaved mother pregnant again after a stillbirth; she avoids preparing for the new baby at all.",
     ("trauma", "not_bonding")),
    ("Grandmother is now main carer for an infant; practitioner wants advice on supporting the attachment.",
     ("no_positive_relationship",)),
    ("Mother with an eating disorder history is anxious about feeding and restricts the baby's feeds.",
     ("additional_difficulties", "negative_thoughts")),
    ("Parent says she 'has no feelings at all' since the birth, sleeps most of the day and skips feeds.",
     ("not_bonding", "negative_thoughts")),
    ("Couple who arrived in the UK recently are isolated and the baby is very unsettled; interpreter used.",
     ("additional_difficulties", "infant_distress_signs")),
    ("Practitioner unsure whether a family is eligible: baby is 23 months and the family may be moving.",
     ("no_positive_relationship",)),
)

ADVICE = (
    "Keep visiting weekly and use short video clips of play to notice and name moments when the baby looks "
    "for the parent; a referral for parent-infant relationship work is advised if nothing shifts in a month.",
    "The picture fits low mood after birth more than a relationship difficulty on its own: ask the GP to "
    "review mood, screen with PHQ-9 and GAD-7, and re-consult if the relationship concerns remain.",
    "Offer the local baby massage and 'watch, wait and wonder' group; model slowing down and following the "
    "baby's lead. Safety-net: if the parent's anger escalates, follow your safeguarding procedures the same day.",
    "This meets the criteria for our service: please complete the referral with consent and both NHS "
    "numbers; we will triage within two working days and offer an assessment.",
    "Intrusive thoughts like these are common and rarely acted on, but they need a perinatal mental health "
    "assessment: support the mother to see her GP this week and share the plan with the health visitor.",
    "The child protection concerns come first: talk to your safeguarding lead today and follow the local "
    "procedures. We can consult again on the relationship work once the plan is clear.",
    "Help the parent to name the birth experience and make sense of it; a birth reflections service may help. "
    "Review in four weeks and refer to us if the flashbacks continue to affect care of the baby.",
    "The toddler's indiscriminate friendliness is worth taking seriously: observe a separation and reunion, "
    "note how the child seeks comfort, and bring the observation to a triage discussion.",
    "Use the Family Hub's targeted offer for feeding support and keep mealtimes low pressure; if the battles "
    "persist beyond a month or weight falters, refer with the feeding history.",
    "Signpost to the perinatal mental health service through the GP for the eating disorder history, and "
    "keep the focus of your visits on the baby's experience of feeds.",
)

RECOMMENDATIONS = (("pir_referral_advised", 22), ("not_eligible_guidance", 9), ("universal_targeted_offer", 31),
                   ("perinatal_mental_health", 13), ("safeguarding_route", 5), ("other_service", 20))
THRIVE = (("thriving", 7), ("getting_advice", 41), ("getting_help", 30), ("getting_more_help", 17),
          ("getting_risk_support", 5))

LEARNING_NEEDS = (
    "Observing parent-infant interaction", "Talking about intrusive thoughts", "Using the MORS-SF",
    "When to use safeguarding routes", "Infant cues and states", "Fathers and the perinatal period",
    "Working with interpreters", "Trauma-informed conversations",
)

CALLBACK_WINDOWS = ("weekday mornings", "after 2pm", "Tuesday or Thursday", "any time in office hours")
