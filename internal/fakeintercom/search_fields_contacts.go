package fakeintercom

// contactFields are the accepted fields of contact search. Tag ids come
// from the full links, not the ten the record embeds; segment ids from the
// contact's segments.
func contactFields(links map[string]*contactLinks, custom []record) map[string]field {
	f := map[string]field{}
	fieldSet(f, kindString, "id", "role", "name", "email", "email_domain", "phone", "external_id",
		"owner_id", "language_override", "browser", "browser_language", "os",
		"location.country", "location.region", "location.city",
		"ios_app_version", "ios_device", "ios_os_version", "ios_app_name", "ios_sdk_version",
		"android_app_version", "android_device", "android_app_name", "android_sdk_version")
	fieldSet(f, kindDate, "created_at", "signed_up_at", "updated_at", "last_seen_at",
		"last_contacted_at", "last_replied_at", "last_email_opened_at", "last_email_clicked_at",
		"ios_last_seen_at", "android_last_seen_at")
	fieldSet(f, kindBool, "unsubscribed_from_emails", "marked_email_as_spam", "has_hard_bounced")
	f["avatar"] = field{kind: kindString, get: at("avatar.image_url")}
	f["formatted_phone"] = field{kind: kindString, get: at("phone")}
	f["ios_app_device"] = f["ios_device"]
	f["andoid_sdk_version"] = f["android_sdk_version"] // spelled so in Intercom's field table
	f["segment_id"] = field{kind: kindString, multi: true, get: func(r record) any {
		l := links[r["id"].(string)]
		if l == nil {
			return []any{}
		}
		return strs(l.segments)
	}}
	f["tag_id"] = field{kind: kindTag, multi: true, get: func(r record) any {
		l := links[r["id"].(string)]
		if l == nil {
			return []any{}
		}
		return strs(idsOf(l.tags))
	}}
	for _, a := range custom {
		name := "custom_attributes." + a["name"].(string)
		f[name] = field{kind: customKind(a["data_type"]), get: at(name)}
	}
	return f
}

func customKind(dataType any) kind {
	switch dataType {
	case "integer", "float":
		return kindNumber
	case "boolean":
		return kindBool
	case "date":
		return kindDate
	}
	return kindString
}
