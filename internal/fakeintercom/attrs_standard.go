package fakeintercom

// stdAttr describes one of Intercom's built-in data attributes.
type stdAttr struct {
	fullName, label, description, dataType string
	api, ui, messenger                     bool
}

// companyStandardAttrs mirrors what Intercom lists for model=company.
func companyStandardAttrs() []stdAttr {
	return []stdAttr{
		{"name", "Company name", "The name of a company", "string", true, false, true},
		{"company_id", "Company ID", "A number identifying a company", "string", false, false, true},
		{"last_request_at", "Company last seen", "The last day anyone from a company visited your site or app", "date", false, false, true},
		{"remote_created_at", "Company created at", "The day a company was added to Intercom", "date", true, false, true},
		{"user_count", "People", "The number of people in a company", "integer", false, false, true},
		{"session_count", "Company web sessions", "All visits from anyone in a company to your product's site or app", "integer", false, false, true},
		{"plan.name", "Plan", "A specific plan or level within your product that companies have signed up to", "string", false, false, true},
		{"monthly_spend", "Monthly Spend", "The monthly revenue you receive from a company", "float", true, false, true},
		{"size", "Company size", "The number of people employed in this company, expressed as a single number", "integer", true, false, true},
		{"industry", "Company industry", "The category or domain this company belongs to e.g. 'ecommerce' or 'SaaS'", "string", true, false, true},
		{"website", "Company website", "The web address for the company's primary marketing site", "string", true, false, true},
		{"id", "ID", "The Intercom defined id representing the company", "string", false, false, true},
		{"created_at", "Created at", "The time the company was added to Intercom", "date", false, false, true},
		{"updated_at", "Updated at", "The last time the company was updated", "date", false, false, true},
		{"plan.id", "Plan ID", "The Intercom defined id representing the plan", "string", false, false, true},
		{"app_id", "App ID", "The Intercom defined id representing the app", "string", false, false, true},
	}
}

// contactStandardAttrs mirrors what Intercom lists for model=contact.
func contactStandardAttrs() []stdAttr {
	return []stdAttr{
		{"id", "ID", "The Intercom defined id representing the contact", "string", false, false, false},
		{"user_id", "User ID", "A unique identifier for the user from your own system", "string", true, false, true},
		{"role", "Role", "Whether the contact is a user or a lead", "string", false, false, false},
		{"name", "Name", "A person's full name", "string", true, true, true},
		{"email", "Email", "A person's email address", "string", true, true, true},
		{"email_domain", "Email domain", "The domain part of a person's email address", "string", false, false, false},
		{"phone", "Phone", "A person's phone number", "string", true, true, true},
		{"owner_id", "Owner", "The teammate who owns the contact", "integer", true, true, false},
		{"created_at", "First seen", "The time the contact was added to Intercom", "date", false, false, false},
		{"updated_at", "Updated at", "The last time the contact was updated", "date", false, false, false},
		{"signed_up_at", "Signed up", "The time the user signed up to your product", "date", true, false, true},
		{"last_seen_at", "Last seen", "The last time the contact visited your site or app", "date", true, false, false},
		{"last_contacted_at", "Last contacted", "The last time a teammate sent the contact a message", "date", false, false, false},
		{"last_replied_at", "Last heard from", "The last time the contact replied to a message", "date", false, false, false},
		{"last_email_opened_at", "Last opened email", "The last time the contact opened an email", "date", false, false, false},
		{"last_email_clicked_at", "Last clicked on link in email", "The last time the contact clicked a link in an email", "date", false, false, false},
		{"session_count", "Web sessions", "The number of times the contact visited your site or app", "integer", false, false, false},
		{"unsubscribed_from_emails", "Unsubscribed from emails", "Whether the contact opted out of emails", "boolean", true, true, false},
		{"marked_email_as_spam", "Marked email as spam", "Whether the contact marked an email as spam", "boolean", false, false, false},
		{"has_hard_bounced", "Has hard bounced", "Whether an email to the contact hard bounced", "boolean", false, false, false},
		{"language_override", "Language override", "The language the contact chose to override the browser language", "string", true, true, false},
		{"browser", "Browser", "The browser the contact last used", "string", false, false, false},
		{"browser_version", "Browser version", "The version of the browser the contact last used", "string", false, false, false},
		{"browser_language", "Browser language", "The language set in the contact's browser", "string", false, false, false},
		{"os", "OS", "The operating system the contact last used", "string", false, false, false},
		{"location_data.city_name", "City", "The city the contact was last seen in", "string", false, false, false},
		{"location_data.region_name", "Region", "The region the contact was last seen in", "string", false, false, false},
		{"location_data.country_name", "Country", "The country the contact was last seen in", "string", false, false, false},
		{"location_data.continent_code", "Continent code", "The continent the contact was last seen in", "string", false, false, false},
		{"location_data.timezone", "Timezone", "The timezone of the contact's last known location", "string", false, false, false},
		{"avatar.image_url", "Avatar", "The URL of the contact's avatar image", "string", true, false, false},
		{"utm_source", "UTM Source", "The UTM source of the contact's first visit", "string", false, false, false},
		{"utm_medium", "UTM Medium", "The UTM medium of the contact's first visit", "string", false, false, false},
		{"utm_campaign", "UTM Campaign", "The UTM campaign of the contact's first visit", "string", false, false, false},
		{"ios_last_seen_at", "Last seen on iOS", "The last time the contact used your iOS app", "date", false, false, false},
		{"android_last_seen_at", "Last seen on Android", "The last time the contact used your Android app", "date", false, false, false},
	}
}
