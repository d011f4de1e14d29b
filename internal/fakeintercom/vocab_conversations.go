package fakeintercom

func customerMessages() []string {
	return []string{
		"Hi, I can't log in to my account since this morning.",
		"Is there a way to export all my invoices as CSV?",
		"The Slack integration stopped posting notifications.",
		"How do I add a new teammate to our workspace?",
		"We were charged twice this month, can you check?",
		"The mobile app crashes when I open the reports tab.",
		"Can I change the email address on my account?",
		"Our webhook keeps returning a 401 error.",
		"Where can I find the API token for our workspace?",
		"Is single sign-on available on the Starter plan?",
		"Thanks, that fixed it!",
		"Still seeing the same problem after clearing my cache.",
		"Could you send me the link to the documentation?",
		"When will the new billing dashboard be available?",
	}
}

func adminReplies() []string {
	return []string{
		"Thanks for reaching out! Let me look into this for you.",
		"Could you share a screenshot of the error you are seeing?",
		"I've refunded the duplicate charge; it should appear within 5 days.",
		"You can export invoices from Settings > Billing > Invoices.",
		"Our engineers have deployed a fix, could you try again?",
		"Single sign-on is included from the Pro plan upwards.",
		"I've reset the integration on our side, please reconnect it.",
		"Happy to help! Is there anything else I can do for you?",
		"Here is the guide that walks through the setup step by step.",
		"I've escalated this to our technical team and will update you shortly.",
	}
}

func noteBodies() []string {
	return []string{
		"Customer is evaluating the Enterprise plan.",
		"Prefers to be contacted by email.",
		"Reported the same issue last quarter.",
		"Renewal conversation scheduled for next month.",
		"VIP account, loop in the account manager.",
		"Asked about data residency in the EU.",
	}
}

func conversationSubjects() []string {
	return []string{
		"Login problems", "Invoice question", "Integration not working",
		"Feature request: dark mode", "Refund request", "API rate limits",
		"Account access", "Onboarding call", "Bug report", "Plan upgrade",
	}
}

func ticketTitles() []string {
	return []string{
		"Export fails for large workspaces", "Duplicate charge on invoice",
		"SSO login loop", "Webhook deliveries delayed", "Report totals do not match",
		"Cannot invite teammates", "Mobile push notifications missing",
		"Data deletion request", "Custom domain certificate expired",
		"Salesforce sync skips records",
	}
}
