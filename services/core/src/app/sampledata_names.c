/* Names for the sample data: realistic and unique, a pure function of (seed, index). */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "app/sampledata_internal.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

static const char *const firsts[] = {
    "aaron",   "abigail", "adam",   "aisha",   "alex",   "alice",  "amara",   "amelia", "ana",    "andre",   "anna",   "arjun",
    "ava",     "ben",     "bianca", "carlos",  "carmen", "chen",   "chloe",   "chris",  "clara",  "daniel",  "david",  "diana",
    "diego",   "dmitri",  "elena",  "eli",     "emily",  "emma",   "eric",    "ethan",  "farah",  "felix",   "fiona",  "frank",
    "gabriel", "grace",   "hana",   "hannah",  "harry",  "hassan", "helen",   "hugo",   "ian",    "ines",    "isaac",  "isabel",
    "ivan",    "jack",    "jade",   "james",   "jamal",  "jane",   "jasmine", "javier", "jin",    "john",    "jonas",  "jose",
    "julia",   "kai",     "karen",  "kenji",   "kevin",  "kim",    "lara",    "laura",  "leo",    "liam",    "lily",   "lucas",
    "lucia",   "luis",    "maya",   "marco",   "maria",  "mark",   "marta",   "mei",    "mia",    "michael", "mila",   "nadia",
    "nathan",  "nina",    "noah",   "nora",    "olivia", "omar",   "oscar",   "paul",   "pedro",  "priya",   "rachel", "rafael",
    "ravi",    "rosa",    "ryan",   "sam",     "sara",   "sean",   "sofia",   "sophie", "stefan", "tara",    "thomas", "tomas",
    "uma",     "victor",  "wei",    "william", "yara",   "yusuf",  "zara",    "zoe",
};
static const char *const lasts[] = {
    "adams",   "ahmed",   "alvarez",  "anderson", "bauer",   "becker",   "brown",   "campbell", "carter",  "castro",   "chen",
    "clark",   "cohen",   "costa",    "cruz",     "davis",   "diaz",     "dubois",  "edwards",  "evans",   "fischer",  "fernandez",
    "garcia",  "gomez",   "gonzalez", "green",    "gupta",   "hall",     "harris",  "hoffmann", "hughes",  "ito",      "jackson",
    "jensen",  "johnson", "jones",    "kaur",     "khan",    "kim",      "king",    "kowalski", "kumar",   "lambert",  "larsen",
    "lee",     "lewis",   "li",       "lopez",    "martin",  "martinez", "meyer",   "miller",   "moore",   "morales",  "moreau",
    "muller",  "murphy",  "nakamura", "nguyen",   "nielsen", "novak",    "okafor",  "olsen",    "ortiz",   "park",     "patel",
    "perez",   "petrov",  "popescu",  "price",    "ramirez", "reyes",    "richter", "rivera",   "roberts", "rossi",    "russo",
    "sanchez", "santos",  "sato",     "schmidt",  "schulz",  "scott",    "silva",   "singh",    "smith",   "suzuki",   "tanaka",
    "taylor",  "thomas",  "torres",   "tran",     "turner",  "walker",   "wang",    "weber",    "white",   "williams", "wilson",
    "wong",    "wright",  "yamamoto", "yang",     "young",   "zhang",    "zhou",
};
static const char *const positions[] = {
    "Software Engineer", "Senior Software Engineer",  "Product Manager", "Designer",         "Engineering Manager",
    "QA Engineer",       "Site Reliability Engineer", "Data Scientist",  "Support Engineer", "Technical Writer",
    "Sales Executive",   "Marketing Manager",         "Recruiter",       "Accountant",       "",
};
static const char *const team_words[] = {
    "engineering", "product",  "design",  "marketing", "sales",  "support",  "operations", "finance", "people",   "legal",
    "research",    "platform", "mobile",  "web",       "data",   "security", "infra",      "growth",  "partners", "field",
    "europe",      "americas", "apac",    "london",    "berlin", "tokyo",    "paris",      "toronto", "sydney",   "madrid",
    "lisbon",      "warsaw",   "seoul",   "austin",    "denver", "atlas",    "apollo",     "orion",   "phoenix",  "nebula",
    "zephyr",      "aurora",   "summit",  "harbor",    "beacon", "compass",  "falcon",     "lynx",    "otter",    "maple",
    "cedar",       "willow",   "granite", "cobalt",    "amber",  "indigo",   "saffron",    "jade",    "onyx",     "quartz",
};
static const char *const topics[] = {
    "apollo",   "atlas",         "billing",      "checkout",    "search",   "payments",   "onboarding",  "platform", "analytics",
    "frontend", "backend",       "ios",          "android",     "desktop",  "kubernetes", "database",    "storage",  "network",
    "auth",     "notifications", "integrations", "marketplace", "pricing",  "sales",      "marketing",   "legal",    "finance",
    "hiring",   "facilities",    "london",       "berlin",      "tokyo",    "paris",      "nyc",         "remote",   "book-club",
    "coffee",   "gaming",        "music",        "pets",        "running",  "cycling",    "photography", "cooking",  "travel",
    "movies",   "garden",        "chess",        "design",      "research",
};
static const char *const quals[] = {
    "planning", "reviews", "ops",    "alerts", "chat",      "help",      "announcements", "standup", "backlog",  "dev",
    "research", "support", "infra",  "triage", "roadmap",   "feedback",  "team",          "qa",      "releases", "metrics",
    "oncall",   "docs",    "social", "wins",   "questions", "incidents", "sync",          "builds",  "security", "perf",
    "mobile",   "web",     "api",    "data",   "growth",    "partners",  "events",        "leads",   "interns",  "archive",
};

/* A bijection of [0, n) picked by the seed: i -> (i * a + b) mod n with gcd(a, n) = 1. */
static size_t permute(uint64_t seed, uint64_t salt, size_t i, size_t n)
{
    sd_rng_t r;
    app_sampledata_rand_seed(&r, seed, SD_STREAM_NAMES, salt);
    size_t a = 1 + app_sampledata_rand_below(&r, (uint32_t)n), b = app_sampledata_rand_below(&r, (uint32_t)n);
    for (;; a = a % n + 1) {
        size_t x = a, y = n;
        while (y) {
            size_t t = x % y;
            x = y;
            y = t;
        }
        if (x == 1)
            break;
    }
    return (i * a + b) % n;
}

/* "book-club" -> "Book Club" */
static void title(const char *in, char *out, size_t n)
{
    size_t j = 0;
    int start = 1;
    for (; *in && j + 1 < n; in++) {
        char c = *in == '-' ? ' ' : *in;
        out[j++] = start ? (char)toupper((unsigned char)c) : c;
        start = c == ' ';
    }
    out[j] = '\0';
}

static void copy(char *out, size_t n, const char *s)
{
    snprintf(out, n, "%s", s);
}

void app_sampledata_names_user(uint64_t seed, int u, sd_person_t *p)
{
    memset(p, 0, sizeof(*p));
    if (u == 0) {
        copy(p->username, sizeof(p->username), "sysadmin");
        copy(p->first, sizeof(p->first), "Sys");
        copy(p->last, sizeof(p->last), "Admin");
        copy(p->position, sizeof(p->position), "System Administrator");
        return;
    }
    size_t combos = N(firsts) * N(lasts), i = (size_t)(u - 1);
    size_t k = permute(seed, 1, i % combos, combos), round = i / combos;
    const char *f = firsts[k / N(lasts)], *l = lasts[k % N(lasts)];
    if (round == 0)
        snprintf(p->username, sizeof(p->username), "%s.%s", f, l);
    else
        snprintf(p->username, sizeof(p->username), "%s.%s%zu", f, l, round + 1);
    title(f, p->first, sizeof(p->first));
    title(l, p->last, sizeof(p->last));
    sd_rng_t r;
    app_sampledata_rand_seed(&r, seed, SD_STREAM_NAMES, 1000 + (uint64_t)u);
    copy(p->position, sizeof(p->position), positions[app_sampledata_rand_below(&r, N(positions))]);
}

void app_sampledata_names_team(uint64_t seed, int t, char name[SD_NAME_MAX], char display[SD_NAME_MAX])
{
    size_t k = permute(seed, 2, (size_t)t % N(team_words), N(team_words)), round = (size_t)t / N(team_words);
    char base[24];
    title(team_words[k], base, sizeof(base));
    if (round == 0) {
        copy(name, SD_NAME_MAX, team_words[k]);
        copy(display, SD_NAME_MAX, base);
    } else {
        snprintf(name, SD_NAME_MAX, "%s-%d", team_words[k], (int)round + 1);
        snprintf(display, SD_NAME_MAX, "%s %d", base, (int)round + 1);
    }
}

void app_sampledata_names_channel(uint64_t seed, int t, int i, char name[SD_NAME_MAX], char display[SD_NAME_MAX])
{
    if (i < 2) {
        copy(name, SD_NAME_MAX, i == 0 ? "town-square" : "off-topic");
        copy(display, SD_NAME_MAX, i == 0 ? "Town Square" : "Off-Topic");
        return;
    }
    size_t combos = N(topics) * N(quals), j = (size_t)(i - 2);
    size_t k = permute(seed, 100 + (uint64_t)t, j % combos, combos), round = j / combos;
    const char *a = topics[k / N(quals)], *b = quals[k % N(quals)];
    char da[24], db[24];
    title(a, da, sizeof(da));
    title(b, db, sizeof(db));
    if (round == 0) {
        snprintf(name, SD_NAME_MAX, "%s-%s", a, b);
        snprintf(display, SD_NAME_MAX, "%s %s", da, db);
    } else {
        snprintf(name, SD_NAME_MAX, "%s-%s-%d", a, b, (int)round + 1);
        snprintf(display, SD_NAME_MAX, "%s %s %d", da, db, (int)round + 1);
    }
}
