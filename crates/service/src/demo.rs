//! A small demo community for a first look: a space per WPS pillar, a members-only space, a
//! private working group, fourteen threads with replies (one in Thai, one in Vietnamese, so that
//! search in the region's languages can be tried at once), and an admin whose generated password
//! is shown once. Loaded only into an empty database.

use anyhow::Context as _;
use praxis_core::Result;
use praxis_core::policy::Actor;
use praxis_core::types::{
    DocumentKind, Pillar, PostingPolicy, Role, SpaceRole, ThreadKind, Visibility,
};
use praxis_core::workflow::Action;
use praxis_db::entities::user;
use praxis_db::queries::users;
use rand::RngCore as _;
use uuid::Uuid;

use crate::viewer::{SignedIn, Viewer};
use crate::{DocumentInput, NewSpace, NewThread, NewUser, Praxis, Sections};

/// The demo admin's sign-in, to print once.
#[derive(Debug, Clone)]
pub struct DemoAdmin {
    pub email: String,
    pub password: String,
}

struct DemoThread {
    space: &'static str,
    author: usize,
    kind: ThreadKind,
    title: &'static str,
    body: &'static str,
    tags: &'static [&'static str],
    replies: &'static [(usize, &'static str)],
}

const SPACES: [(&str, &str, &str, Visibility, PostingPolicy); 6] = [
    (
        "protection",
        "Protection",
        "Protecting women and girls from violence in conflict and crisis, from shelters to referral pathways.",
        Visibility::Public,
        PostingPolicy::Everyone,
    ),
    (
        "participation",
        "Participation",
        "Women's meaningful participation in peace processes, security institutions and decision-making.",
        Visibility::Public,
        PostingPolicy::Everyone,
    ),
    (
        "prevention",
        "Prevention",
        "Preventing conflict and violent extremism with gender-responsive early warning and community work.",
        Visibility::Public,
        PostingPolicy::Everyone,
    ),
    (
        "relief-and-recovery",
        "Relief and recovery",
        "Gender-responsive humanitarian relief, disaster response and post-conflict recovery.",
        Visibility::Public,
        PostingPolicy::Everyone,
    ),
    (
        "members-lounge",
        "Members' lounge",
        "For signed-in members: introductions, events and requests for help.",
        Visibility::Members,
        PostingPolicy::Everyone,
    ),
    (
        "focal-points-working-group",
        "Focal points working group",
        "A private group for national focal points preparing the regional progress report.",
        Visibility::Private,
        PostingPolicy::SpaceMembers,
    ),
];

/// People of the demo, by index: 0 is the admin.
const PEOPLE: [(&str, &str, Role); 4] = [
    ("admin@praxis.example", "Demo Admin", Role::Admin),
    ("linh@praxis.example", "Linh Tran", Role::Member),
    ("siriporn@praxis.example", "Siriporn K.", Role::FocalPoint),
    ("ayu@praxis.example", "Ayu Lestari", Role::Moderator),
];

const THREADS: &[DemoThread] = &[
    DemoThread {
        space: "protection",
        author: 1,
        kind: ThreadKind::LessonLearned,
        title: "What we learned running a women's helpline during the floods",
        body: "For three weeks our helpline was the only channel many women in the flooded districts had.\n\n**What worked:** volunteers trained in psychological first aid, and a printed referral list that did not depend on the internet.\n\n**What we would change:** agree data-sharing rules with the shelters *before* the season starts.",
        tags: &["gbv", "disaster-response"],
        replies: &[
            (
                2,
                "The point about printed referral lists is important. Our ministry is drafting a template; may we cite your experience?",
            ),
            (
                3,
                "Thank you for writing this up. Could you share how you trained the volunteers, and for how long?",
            ),
        ],
    },
    DemoThread {
        space: "protection",
        author: 2,
        kind: ThreadKind::Question,
        title: "How do you keep survivor data safe when sharing case referrals?",
        body: "We refer cases between police, health services and CSOs. What minimum rules do you use so that survivors' data is not exposed?",
        tags: &["gbv", "data-protection"],
        replies: &[
            (
                1,
                "We share only a case number and the service needed; names stay with the first responder. Consent is recorded on paper and kept locked.",
            ),
            (
                3,
                "Add a rule that referrals are never sent over personal messaging apps. We learned that the hard way.",
            ),
        ],
    },
    DemoThread {
        space: "participation",
        author: 3,
        kind: ThreadKind::Discussion,
        title: "Quotas for women mediators: what has actually changed?",
        body: "Several national action plans set targets for women in peace negotiations. Has anyone measured whether women named to delegations also get speaking roles?",
        tags: &["mediation"],
        replies: &[
            (
                2,
                "In our last review, the share of women in delegations rose, but most were advisers rather than negotiators.",
            ),
            (
                1,
                "Civil society observers can help here: they can record who speaks, not just who attends.",
            ),
        ],
    },
    DemoThread {
        space: "participation",
        author: 1,
        kind: ThreadKind::LessonLearned,
        title: "Youth councils as a way into local peace committees",
        body: "Young women in our district joined the village peace committee after two years in a youth council. The council gave them a track record the elders recognised.",
        tags: &["youth"],
        replies: &[(
            3,
            "This matches what we saw in the southern provinces. The bridge role of the council seems key.",
        )],
    },
    DemoThread {
        space: "prevention",
        author: 2,
        kind: ThreadKind::Question,
        title: "Gender indicators for early warning systems?",
        body: "We are revising our early warning indicators. Which gender-specific indicators proved useful in predicting tension at community level?",
        tags: &["early-warning", "preventing-violent-extremism"],
        replies: &[
            (1, "Sudden restrictions on women's movement were one of our most reliable signals."),
            (3, "Changes in girls' school attendance, if you can get the data monthly."),
        ],
    },
    DemoThread {
        space: "prevention",
        author: 3,
        kind: ThreadKind::Discussion,
        title: "Online harassment of women peacebuilders",
        body: "Several members have told us about coordinated online harassment after public statements. What support exists in your country?",
        tags: &["technology-and-cyber"],
        replies: &[(
            1,
            "We run a small digital safety clinic once a month. Happy to share the checklist.",
        )],
    },
    DemoThread {
        space: "prevention",
        author: 2,
        kind: ThreadKind::Question,
        title: "ขอตัวอย่างแนวปฏิบัติที่ดี: ผู้หญิงในกลไกเฝ้าระวังความขัดแย้งระดับชุมชน",
        body: "กระทรวงของเรากำลังรวบรวมตัวอย่างแนวปฏิบัติที่ดีเรื่องบทบาทของผู้หญิงในการเฝ้าระวังและแจ้งเตือนความขัดแย้งในชุมชน หากองค์กรของท่านมีประสบการณ์ โปรดแบ่งปันที่นี่ เราจะนำไปอ้างอิงในรายงานความก้าวหน้าระดับภูมิภาค",
        tags: &["early-warning"],
        replies: &[
            (
                1,
                "In our province, women volunteers report to the commune early warning team every week. I can write up how it started.",
            ),
            (2, "ขอบคุณมากค่ะ ถ้าเขียนสรุปได้ จะเป็นประโยชน์กับรายงานของเรามาก"),
        ],
    },
    DemoThread {
        space: "relief-and-recovery",
        author: 1,
        kind: ThreadKind::LessonLearned,
        title: "Nhóm phụ nữ ứng phó thiên tai ở cấp xã: những điều chúng tôi rút ra",
        body: "Sau mùa bão năm ngoái, hội phụ nữ xã đã lập danh sách các hộ có người cao tuổi, người khuyết tật và phụ nữ mang thai để sơ tán trước.\n\n**Điều hiệu quả:** các tổ trưởng phụ nữ gọi điện đến từng hộ ngay khi có cảnh báo, nên không ai bị bỏ lại.\n\n**Điều chúng tôi sẽ làm khác:** cập nhật danh sách mỗi quý, và dành kinh phí trông trẻ để phụ nữ có thể tham gia diễn tập.",
        tags: &["disaster-response"],
        replies: &[
            (
                3,
                "Thank you, Linh. Could you share the household list template? We would like to adapt it in Central Java.",
            ),
            (1, "Được chứ. Tôi sẽ gửi mẫu danh sách kèm bản dịch tiếng Anh trong tuần này."),
        ],
    },
    DemoThread {
        space: "relief-and-recovery",
        author: 1,
        kind: ThreadKind::LessonLearned,
        title: "Women-led distribution points after the typhoon",
        body: "Distribution points run by women's groups reached more female-headed households and had fewer reports of harassment in the queue.",
        tags: &["disaster-response", "climate-security"],
        replies: &[
            (2, "Did the local authorities accept the women's groups as partners from the start?"),
            (1, "Not at first. A letter from the provincial disaster office made the difference."),
        ],
    },
    DemoThread {
        space: "relief-and-recovery",
        author: 2,
        kind: ThreadKind::Question,
        title: "Livelihood programmes for women returning after displacement",
        body: "Which livelihood programmes for returning women lasted beyond the project period?",
        tags: &["displacement"],
        replies: &[(
            3,
            "Savings groups lasted longest in our experience, much longer than equipment grants.",
        )],
    },
    DemoThread {
        space: "members-lounge",
        author: 3,
        kind: ThreadKind::Discussion,
        title: "Introduce yourself",
        body: "Welcome to the community! Tell us who you are, where you work, and what you hope to learn or share here.",
        tags: &[],
        replies: &[
            (1, "Hello from Hanoi. I work with a women's network on disaster preparedness."),
            (
                2,
                "Sawasdee from Bangkok. I am a focal point in a ministry and hope to find good practices to cite.",
            ),
        ],
    },
    DemoThread {
        space: "members-lounge",
        author: 1,
        kind: ThreadKind::Question,
        title: "Translation help for a training manual",
        body: "We have a short training manual on referral pathways in Vietnamese. Could someone help review an English translation?",
        tags: &["translation"],
        replies: &[(3, "I can review it next week. Please send it through the working group.")],
    },
    DemoThread {
        space: "focal-points-working-group",
        author: 2,
        kind: ThreadKind::Discussion,
        title: "Draft timeline for the regional progress report",
        body: "Proposed: national inputs by the end of the quarter, a regional draft one month later, and a virtual consultation before adoption.",
        tags: &["reporting"],
        replies: &[(3, "Could we add a session with civil society before the draft is final?")],
    },
    DemoThread {
        space: "focal-points-working-group",
        author: 3,
        kind: ThreadKind::Question,
        title: "Which indicators are we all able to report?",
        body: "Before we agree the template, let us list the indicators every member state can report with current data.",
        tags: &["reporting", "indicators"],
        replies: &[(
            2,
            "Our statistics office can provide the share of women in the security sector, but not yet disaggregated by rank.",
        )],
    },
];

fn generated_password() -> String {
    let mut bytes = [0u8; 18];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .chunks(3)
        .map(|c| c.concat())
        .collect::<Vec<_>>()
        .join("-")
}

fn viewer_for(user: &user::Model, role: Role) -> Viewer {
    Viewer::SignedIn(Box::new(SignedIn {
        actor: Actor { user_id: user.id, role },
        session_id: Uuid::nil(),
        user: user.clone(),
    }))
}

impl Praxis {
    /// Loads the demo community if the database has no users yet; returns the admin's sign-in.
    pub async fn seed_demo(&self) -> Result<Option<DemoAdmin>> {
        if users::count(&self.db.conn).await.context("count users")? > 0 {
            return Ok(None);
        }
        let mut people = Vec::new();
        let mut admin_password = String::new();
        for (email, name, role) in PEOPLE {
            let password = generated_password();
            if role == Role::Admin {
                admin_password.clone_from(&password);
            }
            let user = self
                .create_user(NewUser {
                    email: email.into(),
                    password,
                    display_name: name.into(),
                    role,
                })
                .await?;
            people.push(viewer_for(&user, role));
        }
        let admin = &people[0];
        let mut space_ids = std::collections::HashMap::new();
        for (slug, name, description, visibility, posting_policy) in SPACES {
            let space = self
                .create_space(
                    admin,
                    NewSpace {
                        slug: slug.into(),
                        name: name.into(),
                        description: Some(description.into()),
                        visibility,
                        posting_policy,
                    },
                )
                .await?;
            if visibility == Visibility::Private {
                for member in &people[2..] {
                    let user_id = member.actor()?.user_id;
                    self.add_space_member(admin, space.id, user_id, SpaceRole::Member).await?;
                }
            }
            space_ids.insert(slug, space.id);
        }
        for demo in THREADS {
            let space_id =
                space_ids.get(demo.space).copied().context("demo thread in unknown space")?;
            let thread = self
                .create_thread(
                    &people[demo.author],
                    NewThread {
                        space_id,
                        title: demo.title.into(),
                        body: demo.body.into(),
                        kind: demo.kind,
                        tags: demo.tags.iter().map(|t| (*t).to_owned()).collect(),
                        cited_documents: Vec::new(),
                    },
                )
                .await?;
            let mut first_reply = None;
            for (author, body) in demo.replies {
                let post = self.reply(&people[*author], thread.id, body, None).await?;
                first_reply.get_or_insert(post.id);
            }
            if let (ThreadKind::Question, Some(answer)) = (demo.kind, first_reply) {
                self.accept_answer(&people[demo.author], answer).await?;
            }
        }
        self.seed_demo_library(&people).await?;
        Ok(Some(DemoAdmin { email: PEOPLE[0].0.to_owned(), password: admin_password }))
    }

    /// A few library documents: published good practices and a draft awaiting review.
    async fn seed_demo_library(&self, people: &[Viewer]) -> Result<()> {
        let (author, moderator) = (&people[1], &people[3]);
        // Each practice tells its own story in the template's sections, as a member would.
        let practice = |title: &str,
                        summary: &str,
                        [context, what_was_done, results, lessons_learned]: [&str; 4],
                        countries: &[&str],
                        pillars: &[Pillar],
                        themes: &[&str]| DocumentInput {
            title: title.to_owned(),
            kind: DocumentKind::GoodPractice,
            summary: summary.to_owned(),
            body: None,
            sections: Some(Sections {
                context: Some(context.to_owned()),
                what_was_done: Some(what_was_done.to_owned()),
                results: Some(results.to_owned()),
                lessons_learned: Some(lessons_learned.to_owned()),
                ..Sections::default()
            }),
            language: "en".to_owned(),
            countries: countries.iter().map(|c| (*c).to_owned()).collect(),
            pillars: pillars.to_vec(),
            priority_actions: vec!["2.2.6".to_owned()],
            themes: themes.iter().map(|t| (*t).to_owned()).collect(),
            year: Some(2025),
            organization_id: None,
            source_url: None,
            translation_of: None,
        };
        let published = [
            practice(
                "Women-led evacuation planning in flood-prone villages",
                "Village women's groups mapped safe routes and ran evacuation drills with local leaders.",
                [
                    "Districts where floods and landslides return every year.",
                    "Women's groups mapped safe routes and ran drills with village leaders.",
                    "More households reached shelters in time during the following season.",
                    "Start before the rainy season, and pay for childcare during drills.",
                ],
                &["PH", "VN"],
                &[Pillar::Protection, Pillar::ReliefAndRecovery],
                &["disaster-response", "climate-security"],
            ),
            practice(
                "Youth councils as a way into local peace committees",
                "Two years in a youth council gave young women a track record that elders recognised.",
                [
                    "Village peace committees with no members under forty, and few women.",
                    "Youth councils kept half their seats for young women and sent two observers \
                     to every committee meeting.",
                    "Within two years, former council members were elected to their village \
                     committees, most of them women.",
                    "Agree with the elders early on how observers may speak, and keep a record of \
                     what the council proposed.",
                ],
                &["ID"],
                &[Pillar::Participation, Pillar::Prevention],
                &["youth", "mediation"],
            ),
        ];
        for input in published {
            let document = self.create_document(author, input).await?;
            self.submit_document(author, document.id).await?;
            self.review_document(moderator, document.id, Action::Publish, None).await?;
        }
        let waiting = practice(
            "A referral card for survivors in three languages",
            "A pocket card listing hotlines and services, printed in Khmer, Thai and English.",
            [
                "Survivors in border districts did not know which services would see them, or in \
                 which language.",
                "Partners agreed on one list of hotlines, clinics and shelters and printed it on a \
                 pocket card.",
                "Health workers and volunteers handed the cards out at clinics and markets.",
                "Check every number on the card each quarter: a wrong number costs more trust than \
                 no card.",
            ],
            &["KH", "TH"],
            &[Pillar::Protection],
            &["gbv"],
        );
        let document = self.create_document(author, waiting).await?;
        self.submit_document(author, document.id).await?;
        Ok(())
    }
}
