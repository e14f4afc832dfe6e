#!/usr/bin/env python3
"""Writes an org bundle (resetdoctor-bundle/1 with "scope":"org").

  scripts/make_org_bundle.py --demo demos/orgs/acme
      the built-in demo org: a dozen users, each a different story (frozen, typo domain, null MX, integration
      user, delegated SSO, new hires who never logged in ...), with recorded DNS. Run
      `python3 scripts/embed-resources.py` afterwards.
  scripts/make_org_bundle.py --users 100000 --domains 5000 --out DIR [--zone bench.test] [--no-dns-zones]
      a synthetic org for benchmarks: users spread over generated domains (d00001.bench.test ...), deterministic;
      with --no-dns-zones the scan looks them up live (scripts/slow_dns.py answers every name under bench.test).

Files are REST query bodies exactly as Salesforce returns them, as `resetdoctor bundle --scope org` writes them.
"""
import argparse, json, os, shutil

NOW = "2026-11-22T09:30:00Z"
WINDOW = {"from": "2026-11-15T09:30:00Z", "to": NOW}
ORG = {"id": "00D5e000000HkZ2EAK", "name": "Acme Corporation", "isSandbox": False, "instanceUrl": "https://acme.my.salesforce.com"}
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def sf_date(day, hour=9):
    return "2026-11-%02dT%02d:30:00.000+0000" % (day, hour)


def body(records):
    return {"totalSize": len(records), "done": True, "records": records}


def attrs(kind, ident):
    return {"type": kind, "url": "/services/data/v62.0/sobjects/%s/%s" % (kind, ident)}


def user_id(n):
    return "0055e%010dQAA" % n


def user_record(n, username, email, name, active=True, user_type="Standard", profile="Standard User",
                contact=None, federation=None, last_login=sf_date(18, 6), created="2026-03-02T10:00:00.000+0000"):
    ident = user_id(n)
    return {
        "attributes": attrs("User", ident), "Id": ident, "Username": username, "Email": email, "Name": name,
        "IsActive": active, "UserType": user_type, "ProfileId": "00e5e000000Q2xPAAS",
        "Profile": {"attributes": attrs("Profile", "00e5e000000Q2xPAAS"), "Name": profile},
        "ContactId": contact, "IsPortalEnabled": contact is not None, "FederationIdentifier": federation,
        "LastLoginDate": last_login, "LastPasswordChangeDate": "2026-08-29T09:30:00.000+0000", "CreatedDate": created,
    }


def login_row(n, ident, day, login_type="Application", application="Browser", api_type=None):
    row = {"attributes": attrs("LoginHistory", "0Ya5e%010dAAE" % ident), "Id": "0Ya5e%010dAAE" % ident,
           "UserId": user_id(n), "LoginTime": sf_date(day, 6), "LoginType": login_type, "SourceIp": "198.51.100.24",
           "Status": "Success", "Application": application, "LoginUrl": "acme.my.salesforce.com"}
    if api_type:
        row["ApiType"] = api_type
    return row


def assignment(n, ident, name, owned=True, sso=False, never_expires=False):
    return {"attributes": attrs("PermissionSetAssignment", "0Pa5e%010dAAQ" % ident), "AssigneeId": user_id(n),
            "PermissionSet": {"attributes": attrs("PermissionSet", "0PS5e%010dGAU" % ident), "Name": name,
                              "IsOwnedByProfile": owned, "PermissionsIsSsoEnabled": sso,
                              "PermissionsPasswordNeverExpires": never_expires}}


def user_login(n, frozen=False, locked=False):
    return {"attributes": attrs("UserLogin", "0605e%010dAAA" % n), "Id": "0605e%010dAAA" % n, "UserId": user_id(n),
            "IsFrozen": frozen, "IsPasswordLocked": locked}


# The demo org's people: (username local part, email, name, story) → record edits.
DEMO = [
    dict(local="priya.natarajan", email="priya.natarajan@acme.example", name="Priya Natarajan"),
    dict(local="tom.baker", email="tom.baker@acme.example", name="Tom Baker", frozen=True),
    dict(local="lena.fischer", email="lena.fischer@gmial.com", name="Lena Fischer"),
    dict(local="omar.haddad", email="omar.haddad@nomail.example", name="Omar Haddad"),
    dict(local="integration", email="it-integrations@acme.example", name="Integration User", api=True, never_expires=True),
    dict(local="kenji.sato", email="kenji.sato@acme.example", name="Kenji Sato", sso=True, federation="kenji.sato@acme.example"),
    dict(local="maria.garcia", email="maria.garcia@northwind.example", name="Maria Garcia", created=sf_date(19), new=True),
    dict(local="sam.okafor", email="sam.okafor@acme.example", name="Sam Okafor", created=sf_date(20), new=True),
    dict(local="jo.lee", email="jo.lee@acme-old.example", name="Jo Lee", created=sf_date(20), new=True),
    dict(local="ruth.klein", email="ruth.klein@acme.example", name="Ruth Klein", locked=True),
    dict(local="ex.employee", email="ex.employee@acme.example", name="Former Employee", active=False),
    dict(local="dana.white", email="dana.white@northwind.example", name="Dana White"),
]


def demo_users():
    users, logins, grants, history = [], [], [], []
    for n, person in enumerate(DEMO, start=1):
        new = person.get("new", False)
        users.append(user_record(
            n, person["local"] + "@acme.example", person["email"], person["name"], active=person.get("active", True),
            federation=person.get("federation"), last_login=None if new else sf_date(18, 6),
            created=person.get("created", "2026-03-02T10:00:00.000+0000"),
            profile="API Only Integrations" if person.get("api") else "Standard User"))
        logins.append(user_login(n, frozen=person.get("frozen", False), locked=person.get("locked", False)))
        grants.append(assignment(n, n * 10, "X00e5e000000Q2xPAAS", never_expires=person.get("never_expires", False)))
        if person.get("sso"):
            grants.append(assignment(n, n * 10 + 1, "Delegated_SSO", owned=False, sso=True))
        if new:
            continue
        if person.get("api"):
            history.append(login_row(n, n * 10, 21, "Partner Product", "Dataloader Bulk", "SOAP Partner"))
        history.append(login_row(n, n * 10 + 1, 18))
    return users, logins, grants, history


def write_json(path, value):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(value, f, indent=2, ensure_ascii=False)
        f.write("\n")


def write_common(out, users, logins, grants, history):
    os.makedirs(out, exist_ok=True)
    write_json(os.path.join(out, "manifest.json"),
               {"format": "resetdoctor-bundle/1", "capturedAt": NOW, "scope": "org", "window": WINDOW, "org": ORG})
    write_json(os.path.join(out, "user.json"), body(users))
    write_json(os.path.join(out, "user-login.json"), body(logins))
    write_json(os.path.join(out, "permissions.json"), body(grants))
    write_json(os.path.join(out, "login-history.json"), body(history))
    write_json(os.path.join(out, "org-settings.json"),
               {"deliverability": {"level": "all", "source": "declared"}, "bounceManagement": False, "emailSecurityCompliance": True})
    for name in ["email-relays.json", "email-domain-filters.json", "email-domain-keys.json", "audit-trail.json"]:
        shutil.copy(os.path.join(ROOT, "demos", "in-spam", name), os.path.join(out, name))


DEMO_ZONES = {
    "northwind.example.zone": """$ORIGIN northwind.example.
; Northwind's mail goes through Microsoft 365, whose Safe Links opens links before the user does.
northwind.example.\t3600\tIN\tMX\t0 northwind-example.mail.protection.outlook.com.
""",
    "nomail.example.zone": """$ORIGIN nomail.example.
; A domain that says it accepts no mail at all (RFC 7505 null MX).
nomail.example.\t3600\tIN\tMX\t0 .
""",
    "outlook.com.zone": """$ORIGIN outlook.com.
northwind-example.mail.protection.outlook.com.\t10\tIN\tA\t52.101.68.16
""",
}
ZONE_HEADER = "; Recorded DNS answers for this demo (as `resetdoctor bundle` writes them): absolute names, served offline by ZoneFileResolver.\n"


def make_demo(out):
    if os.path.exists(out):
        shutil.rmtree(out)
    write_common(out, *demo_users())
    os.makedirs(os.path.join(out, "dns"))
    for name in ["acme.example.zone", "salesforce.com.zone"]:
        shutil.copy(os.path.join(ROOT, "demos", "in-spam", "dns", name), os.path.join(out, "dns", name))
    shutil.copy(os.path.join(ROOT, "demos", "domain-typo", "dns", "gmial.com.zone"), os.path.join(out, "dns", "gmial.com.zone"))
    with open(os.path.join(out, "dns", "example.zone"), "w") as f:
        f.write(ZONE_HEADER + "$ORIGIN example.\n; NXDOMAIN (absent on purpose): acme-old.example (a domain the company gave up), _dmarc.example\n")
    for name, text in DEMO_ZONES.items():
        with open(os.path.join(out, "dns", name), "w") as f:
            f.write(ZONE_HEADER + text)
    with open(os.path.join(out, "README.md"), "w") as f:
        f.write("Acme's whole org: a dozen users, each a different reason a reset email may not arrive.\n\n"
                "`resetdoctor scan --demo acme` shows who can receive a reset email and who cannot, and why;\n"
                "`--purpose expire-all` and `--purpose onboarding` show the runbook views.\n")


def make_synthetic(out, count, domains, zones, zone):
    if os.path.exists(out):
        raise SystemExit("%s exists; choose a new folder" % out)
    users, logins, grants, history = [], [], [], []
    for n in range(1, count + 1):
        domain = "d%05d.%s" % (n % domains, zone)
        users.append(user_record(n, "user%06d@acme.example" % n, "user%06d@%s" % (n, domain), "User %d" % n))
        logins.append(user_login(n, frozen=(n % 97 == 0)))
        grants.append(assignment(n, n, "X00e5e000000Q2xPAAS"))
        history.append(login_row(n, n, 18))
    write_common(out, users, logins, grants, history)
    if zones:
        os.makedirs(os.path.join(out, "dns"))
        with open(os.path.join(out, "dns", zone + ".zone"), "w") as f:
            f.write("$ORIGIN %s.\n" % zone)
            for d in range(domains):
                f.write("d%05d.%s.\t3600\tIN\tMX\t10 mx.d%05d.%s.\nmx.d%05d.%s.\t3600\tIN\tA\t192.0.2.%d\n" % (d, zone, d, zone, d, zone, 1 + d % 250))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--demo", metavar="DIR")
    parser.add_argument("--out", metavar="DIR")
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--domains", type=int, default=100)
    parser.add_argument("--zone", default="bench.test", help="the parent of the generated domains")
    parser.add_argument("--no-dns-zones", action="store_true", help="leave dns/ out (the scan then looks DNS up live)")
    args = parser.parse_args()
    if args.demo:
        make_demo(args.demo)
    elif args.out:
        make_synthetic(args.out, args.users, max(1, args.domains), not args.no_dns_zones, args.zone)
    else:
        parser.error("give --demo DIR or --out DIR")


if __name__ == "__main__":
    main()
