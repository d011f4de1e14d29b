package fakeintercom

// companyNames combines stems and kinds into distinct company names.
func companyNames() []string {
	stems := []string{
		"Northwind", "Bluebird", "Copperleaf", "Driftwood", "Evergreen", "Foxglove",
		"Granite", "Harbor", "Ironclad", "Juniper", "Keystone", "Lighthouse",
		"Meridian", "Nimbus", "Orchard", "Pinnacle", "Quarry", "Redwood",
		"Silverline", "Tidewater", "Umbra", "Vantage", "Willow", "Yellowstone",
		"Zephyr", "Aurora", "Beacon", "Cascade", "Summit", "Brightpath",
	}
	kinds := []string{
		"Labs", "Logistics", "Health", "Analytics", "Studios", "Foods",
		"Robotics", "Capital", "Travel", "Energy", "Software", "Retail",
		"Media", "Security", "Learning",
	}
	var out []string
	for _, s := range stems {
		for _, k := range kinds {
			out = append(out, s+" "+k)
		}
	}
	return out
}

func industries() []string {
	return []string{
		"SaaS", "Ecommerce", "Healthcare", "Fintech", "Education", "Logistics",
		"Media", "Manufacturing", "Travel", "Real estate", "Nonprofit", "Gaming",
	}
}

// plans are the workspace's company plans, as id and name.
func plans() [][2]string {
	return [][2]string{{"371023", "Free"}, {"371024", "Starter"}, {"371025", "Pro"}, {"371026", "Enterprise"}}
}

// emailDomains are the domains of contacts who sign up with a personal
// address.
func emailDomains() []string {
	return []string{"gmail.example", "outlook.example", "proton.example", "fastmail.example", "yahoo.example"}
}

// places are city, region and country triples for contact locations.
func places() [][3]string {
	return [][3]string{
		{"Dublin", "Leinster", "Ireland"}, {"San Francisco", "California", "United States"},
		{"New York", "New York", "United States"}, {"Austin", "Texas", "United States"},
		{"London", "England", "United Kingdom"}, {"Berlin", "Berlin", "Germany"},
		{"Paris", "Ile-de-France", "France"}, {"Lisbon", "Lisbon", "Portugal"},
		{"Toronto", "Ontario", "Canada"}, {"Sydney", "New South Wales", "Australia"},
		{"Tokyo", "Tokyo", "Japan"}, {"Bangalore", "Karnataka", "India"},
		{"Sao Paulo", "Sao Paulo", "Brazil"}, {"Lagos", "Lagos", "Nigeria"},
	}
}

// browsers are browser name and version pairs.
func browsers() [][2]string {
	return [][2]string{{"chrome", "131.0.6778.86"}, {"firefox", "133.0"}, {"safari", "18.1"}, {"edge", "131.0.2903.70"}}
}

func operatingSystems() []string {
	return []string{"OS X 14.6", "Windows 11", "Windows 10", "Linux", "iOS 18.1", "Android 15"}
}
