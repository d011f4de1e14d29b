package fakeintercom

// macroNames are saved replies a support team keeps, with the attribute a
// macro's body greets with.
func macroNames() []string {
	return []string{
		"Order status update", "Welcome message", "Refund process", "Password reset steps",
		"Shipping delay apology", "Escalated to engineering", "Feature request received",
		"Billing question follow-up", "Account verification", "Closing: anything else?",
		"Outage acknowledgement", "Invoice copy", "Plan upgrade options", "Data export how-to",
		"SSO setup checklist", "Cancel subscription", "Bug report: need more detail",
		"Holiday hours", "Survey thank you", "Duplicate conversation",
	}
}

// macroAttributes are the placeholders macro bodies use: the attribute and
// its fallback ("" for none).
func macroAttributes() [][2]string {
	return [][2]string{
		{"user.name", "there"}, {"user.first_name", "there"}, {"teammate.name", ""},
		{"company.name", "your team"}, {"order.number", ""}, {"user.email", ""},
	}
}

// awayReasons are the away status reasons a workspace offers: label and
// emoji. The activity logs' away mode changes name the first three.
func awayReasons() [][2]string {
	return [][2]string{
		{"On a break", "☕"}, {"In a meeting", "📅"}, {"Off for the day", "🏠"},
		{"At lunch", "🥪"}, {"Out sick", "🤒"}, {"On vacation", "🏖️"}, {"Training", "🎓"},
	}
}

// snippetTopics are what content snippets tell Fin and Copilot.
func snippetTopics() []string {
	return []string{
		"How to reset your password", "Refund policy", "Shipping times by region",
		"Supported browsers", "Data retention", "SLA for enterprise plans", "Escalation contacts",
		"Known issue: delayed emails", "Pricing for add-ons", "How to export invoices",
		"Two-factor authentication", "API rate limits", "Cancelling a plan", "Student discount",
	}
}

// internalArticleTitles are the team's own knowledge base.
func internalArticleTitles() []string {
	return []string{
		"Escalation runbook", "Refund approval matrix", "On-call rotation", "Tone of voice guide",
		"Handling abusive customers", "VIP account list", "Billing system how-to",
		"Outage communication template", "Security questionnaire answers", "New hire checklist",
		"Known bugs and workarounds", "Chargeback process",
	}
}

// audienceDefs are audiences Fin targets: name, then a predicate's
// attribute, comparison and value.
func audienceDefs() [][4]string {
	return [][4]string{
		{"VIP customers", "company.plan", "eq", "Enterprise"}, {"Trial users", "custom_attributes.trial", "eq", "true"},
		{"EU customers", "location.continent_code", "eq", "EU"}, {"Admins of paying accounts", "custom_attributes.role", "eq", "admin"},
		{"New signups", "signed_up_at", "gt", "7"}, {"Mobile app users", "custom_attributes.platform", "contains", "mobile"},
		{"Churn risk", "custom_attributes.health_score", "lt", "40"}, {"Partners", "company.name", "contains", "Partner"},
	}
}

// connectorNames are data connectors Fin and workflows call.
func connectorNames() [][2]string {
	return [][2]string{
		{"Order status service", "Fetches order status from the fulfilment API"},
		{"Subscription lookup", "Reads the customer's plan from billing"},
		{"Create refund", "Issues a refund in the payments system"},
		{"Shipment tracking", "Tracks a parcel with the carrier"},
		{"Account unlock", "Unlocks a locked user account"},
		{"CRM contact sync", "Updates the contact in the CRM"},
		{"Invoice download", "Returns a link to an invoice"},
		{"Feature flag check", "Reads the account's feature flags"},
	}
}

// externalPageTopics are pages Fin learns from outside the Help Center.
func externalPageTopics() []string {
	return []string{
		"Getting started", "Release notes", "API reference overview", "Status page history",
		"Community answers", "Integration guides", "Pricing FAQ", "Security overview",
		"Troubleshooting sync errors", "Mobile app setup", "Webhooks", "Data import",
	}
}

// activityEventTypes are the activity log event types: the values of the
// activity logs' activity_type in the 2.16 description (activity_log's
// enum), which GET /admins/activity_log_event_types lists.
func activityEventTypes() []string {
	return []string{
		"admin_conversation_assignment_limit_change", "admin_ticket_assignment_limit_change", "admin_avatar_change",
		"admin_away_mode_change", "admin_deletion", "admin_deprovisioned", "admin_impersonation_end",
		"admin_impersonation_start", "admin_impersonation_consent_approved", "admin_impersonation_consent_revoked",
		"admin_invite_change", "admin_invite_creation", "admin_invite_deletion", "admin_login_failure",
		"admin_login_success", "admin_logout", "admin_occupancy_setting_change", "admin_occupancy_state_change",
		"admin_password_reset_request", "admin_password_reset_success", "admin_permission_change", "admin_provisioned",
		"admin_two_factor_auth_change", "admin_unauthorized_sign_in_method", "app_admin_join",
		"app_authentication_method_change", "app_data_deletion", "app_data_export", "app_google_sso_domain_change",
		"app_identity_verification_change", "app_name_change", "app_outbound_address_change", "app_package_installation",
		"app_package_token_regeneration", "app_package_uninstallation", "app_team_creation", "app_team_deletion",
		"app_team_membership_modification", "app_timezone_change", "app_webhook_creation", "app_webhook_deletion",
		"articles_in_messenger_enabled_change", "automatic_away_mode_setting_change", "bulk_delete", "bulk_export",
		"campaign_deletion", "campaign_state_change", "conversation_deletion_schedule_creation",
		"conversation_deletion_schedule_deletion", "conversation_deletion_schedule_state_change",
		"conversation_deletion_schedule_update", "conversation_part_deletion", "conversation_pdf_export",
		"conversation_topic_change", "conversation_topic_creation", "conversation_topic_deletion",
		"content_redaction_rule_creation", "content_redaction_rule_deletion", "content_redaction_rule_update",
		"csv_import_completion", "csv_import_creation", "custom_authentication_token_creation",
		"help_center_settings_change", "inbound_conversations_change", "inbox_access_change", "macro_creation",
		"macro_deletion", "macro_update", "macro_usage_export", "malicious_domains_setting_change", "message_deletion",
		"message_state_change", "messenger_api_secret_creation", "messenger_api_secret_deletion",
		"messenger_look_and_feel_change", "messenger_search_required_change", "messenger_spaces_change",
		"oauth_token_revocation", "office_hours_change", "role_change", "role_creation", "role_deletion",
		"ruleset_activation_title_preview", "ruleset_creation", "ruleset_deletion", "search_browse_enabled_change",
		"search_browse_required_change", "seat_change", "seat_revoke", "security_settings_change", "series_creation",
		"series_deletion", "series_settings_update", "series_status_change", "series_update",
		"strip_inbound_email_links_change", "temporary_expectation_change", "team_assignment_limit_change",
		"trusted_domains_setting_change", "unassign_unsnoozed_at_capacity_setting_change",
		"unassign_unsnoozed_when_away_setting_change", "upfront_email_collection_change",
		"allowed_attachment_filetypes_setting_change", "attach_uploads_inline_setting_change",
		"teammate_gifs_setting_change", "user_camera_attachments_setting_change",
		"user_conversation_attachments_setting_change", "user_file_attachments_setting_change",
		"user_gifs_setting_change", "user_media_attachments_setting_change", "user_voice_notes_setting_change",
		"welcome_message_change", "workspace_deletion_request", "hide_csat_from_agents_setting_change",
	}
}
