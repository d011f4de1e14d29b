package fakeintercom

// Word lists are functions rather than package variables so the package
// holds no mutable global state.

func firstNames() []string {
	return []string{
		"Aisha", "Ben", "Carmen", "Dmitri", "Elena", "Farah", "Gabriel", "Hana",
		"Isaac", "Jonas", "Keiko", "Liam", "Maria", "Nikhil", "Olivia", "Pedro",
		"Quinn", "Rosa", "Samuel", "Tariq", "Uma", "Victor", "Wen", "Ximena",
		"Yusuf", "Zoe", "Amara", "Bruno", "Chloe", "Diego", "Emeka", "Freya",
		"Grace", "Hugo", "Ines", "Jamal", "Kofi", "Lena", "Mateo", "Nora",
		"Oscar", "Priya", "Ravi", "Sofia", "Tomas", "Valentina", "Will", "Yara",
	}
}

func lastNames() []string {
	return []string{
		"Garcia", "Okafor", "Lindqvist", "Nakamura", "Ferreira", "Kowalski",
		"Haddad", "O'Brien", "Singh", "Moreau", "Rossi", "Schmidt", "Kim",
		"Novak", "Mensah", "Alvarez", "Chen", "Dubois", "Eriksen", "Fischer",
		"Gallagher", "Ibrahim", "Jensen", "Kaur", "Larsen", "Mahlangu",
		"Nguyen", "Petrov", "Quintero", "Reyes", "Sato", "Tanaka", "Ward",
		"Yilmaz", "Zhang", "Walsh", "Brennan", "Costa", "Das", "Evans",
	}
}

func jobTitles() []string {
	return []string{
		"Support Engineer", "Customer Success Manager", "Head of Support",
		"Technical Account Manager", "Support Specialist", "Onboarding Lead",
		"Product Manager", "Solutions Engineer", "Billing Specialist",
		"Community Manager", "VP Customer Experience", "Support Team Lead",
	}
}

func teamNames() []string {
	return []string{
		"Tier 1 Support", "Tier 2 Support", "Billing", "Onboarding",
		"Enterprise Success", "Technical Escalations", "Sales", "Trust & Safety",
		"EMEA Support", "APAC Support", "Americas Support", "VIP Accounts",
	}
}

// roles are the workspace roles an admin can hold, as id and name.
func roles() [][2]string {
	return [][2]string{
		{"1", "Admin"}, {"2", "Support Agent"}, {"3", "Team Lead"}, {"4", "Read Only"},
	}
}

func tagNames() []string {
	return []string{
		"VIP", "Churn risk", "Beta tester", "Enterprise", "Trial", "Bug report",
		"Feature request", "Billing issue", "Refund requested", "Onboarding",
		"Needs follow-up", "Escalated", "NPS promoter", "NPS detractor",
		"Partner", "Integration", "Mobile app", "API user", "Webinar attendee",
		"Newsletter", "Self-serve", "Invoice", "Security review", "GDPR request",
	}
}

func segmentNames() []string {
	return []string{
		"Active", "New", "Slipping away", "Paying customers", "Trial users",
		"Enterprise admins", "Mobile users", "Leads from pricing page",
		"Engaged last 30 days", "Never logged in", "High NPS", "EU residents",
		"Invoice overdue", "Power users", "Dormant accounts",
	}
}
