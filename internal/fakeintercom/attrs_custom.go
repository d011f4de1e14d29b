package fakeintercom

// customAttr describes a custom data attribute (CDA) a workspace defined.
// Later generators give contacts and companies values for these names.
// The first six of each model cover every data type a CDA has (string,
// a string with options, integer, float, boolean, date), so every size
// has one live attribute of each.
type customAttr struct {
	name, label, description, dataType string
	options                            []string
}

func contactCustomAttrs() []customAttr {
	return []customAttr{
		{"plan", "Plan", "The subscription plan the user is on", "string", []string{"free", "starter", "pro", "enterprise"}},
		{"seats", "Seats", "Number of paid seats on the user's account", "integer", nil},
		{"mrr", "MRR", "Monthly recurring revenue attributed to the user", "float", nil},
		{"beta_tester", "Beta tester", "Whether the user joined the beta programme", "boolean", []string{"true", "false"}},
		{"trial_ends_at", "Trial ends at", "When the user's free trial ends", "date", nil},
		{"account_manager", "Account manager", "Name of the user's account manager", "string", nil},
		{"signup_source", "Signup source", "Where the user first signed up", "string", []string{"website", "mobile_app", "referral", "partner"}},
		{"nps_score", "NPS score", "The user's most recent NPS answer", "integer", nil},
		{"onboarding_completed", "Onboarding completed", "Whether the user finished onboarding", "boolean", nil},
		{"renewal_date", "Renewal date", "When the user's subscription renews", "date", nil},
		{"crm_id", "CRM ID", "Identifier of the user in the CRM", "string", nil},
		{"lifetime_value", "Lifetime value", "Total revenue from the user to date", "float", nil},
	}
}

func companyCustomAttrs() []customAttr {
	return []customAttr{
		{"tier", "Tier", "Commercial tier of the company", "string", []string{"smb", "mid_market", "enterprise"}},
		{"contract_value", "Contract value", "Annual contract value in USD", "float", nil},
		{"contract_renewal_at", "Contract renewal", "When the company's contract renews", "date", nil},
		{"churn_risk_score", "Churn risk score", "Model score from 0 to 100", "integer", nil},
		{"is_partner", "Partner", "Whether the company is a reseller partner", "boolean", nil},
		{"salesforce_id", "Salesforce ID", "Identifier of the account in Salesforce", "string", nil},
		{"employee_range", "Employee range", "Headcount band of the company", "string", []string{"1-10", "11-50", "51-200", "201-1000", "1000+"}},
		{"hq_region", "HQ region", "Region of the company's headquarters", "string", []string{"NA", "EMEA", "APAC", "LATAM"}},
	}
}
