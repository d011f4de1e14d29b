package fakeintercom

// trio is one phrase in English, French and German, so multilingual help
// centers get plausible translated collection names.
type trio struct{ en, fr, de string }

func (t trio) in(locale string) string {
	switch locale {
	case "fr":
		return t.fr
	case "de":
		return t.de
	}
	return t.en
}

func helpCenterNames() []string {
	return []string{
		"Acme Help Center", "Developer Documentation", "Partner Portal",
		"Mobile App Help", "Acme Academy", "Status & Troubleshooting",
	}
}

func collectionTopics() []trio {
	return []trio{
		{"Getting started", "Premiers pas", "Erste Schritte"},
		{"Account & billing", "Compte et facturation", "Konto & Abrechnung"},
		{"Integrations", "Intégrations", "Integrationen"},
		{"Troubleshooting", "Dépannage", "Fehlerbehebung"},
		{"Security & privacy", "Sécurité et confidentialité", "Sicherheit & Datenschutz"},
		{"Reporting", "Rapports", "Berichte"},
		{"Mobile apps", "Applications mobiles", "Mobile Apps"},
		{"API & developers", "API et développeurs", "API & Entwickler"},
		{"Team management", "Gestion d'équipe", "Teamverwaltung"},
		{"Workflows & automation", "Workflows et automatisation", "Workflows & Automatisierung"},
		{"Release notes", "Notes de version", "Versionshinweise"},
		{"Data import & export", "Import et export de données", "Datenimport & -export"},
	}
}

func sectionTopics() []trio {
	return []trio{
		{"Basics", "Les bases", "Grundlagen"},
		{"Advanced setup", "Configuration avancée", "Erweiterte Einrichtung"},
		{"FAQs", "Questions fréquentes", "Häufige Fragen"},
		{"Common errors", "Erreurs courantes", "Häufige Fehler"},
		{"Step-by-step guides", "Guides pas à pas", "Schritt-für-Schritt-Anleitungen"},
		{"Reference", "Référence", "Referenz"},
	}
}

func collectionIcons() []string {
	return []string{"book-bookmark", "rocket", "credit-card", "plug", "wrench", "shield", "chart", "phone", "code", "people", "bolt", "sparkles"}
}

func articleSubjects() []string {
	return []string{
		"your workspace", "single sign-on with Okta", "two-factor authentication",
		"the Slack integration", "invoices", "team permissions", "custom domains",
		"webhooks", "CSV exports", "the mobile app", "API tokens", "billing contacts",
		"email notifications", "data retention", "usage reports", "user roles",
		"the Salesforce sync", "password resets", "audit logs", "rate limits",
	}
}

func articleTemplates() []string {
	return []string{
		"How to set up %s", "Troubleshooting %s", "Understanding %s",
		"Frequently asked questions about %s", "Managing %s", "Getting the most out of %s",
	}
}

func newsHeadlines() []string {
	return []string{
		"Introducing scheduled reports", "Faster search across your workspace",
		"New: dark mode for the mobile app", "Improved CSV exports",
		"Webhooks now retry automatically", "SSO is now available on all plans",
		"Meet the new billing dashboard", "Audit logs get filters",
		"Slack integration: threaded replies", "Performance improvements this month",
		"Holiday support hours", "Our updated privacy policy",
	}
}
