// Returns in the real window (issue #6): a class of twelve printed through the command line, ten
// forms recorded in Retours with the keyboard only (number, Entrée, o / n / v, Entrée), the search by
// name, an already-recorded form corrected, a withdrawal with a scan dropped on the card, a closed
// year's form, a « ne pas contacter » parent's signature; then the class's consent matrix, a
// student's history with the scan, and the dashboard's follow-up with its export. Screenshots of each.

use std::path::Path;

use fantoccini::key::Key;
use serde_json::{json, Value};

use crate::cli::{init, ok, run_at, stderr};
use crate::util::webview::{Window, SAVE_AS_FOLDER};

/// One line of a class list: last name, first name, birth date, code permanent, father's first name,
/// mother's last and first names.
type Row<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str, (&'a str, &'a str));

/// The class, in French order.
const STUDENTS: [Row; 12] = [
    ("Arsenault", "Léo", "2014-02-11", "ARSL11021401", "Marc", ("Doiron", "Julie")),
    ("Bélanger", "Zoé", "2014-05-02", "BELZ02551401", "Pierre", ("Caron", "Isabelle")),
    ("Cloutier", "Maxime", "2014-07-19", "CLOM19071401", "Éric", ("Paré", "Nathalie")),
    ("Dubé", "Chloé", "2014-01-30", "DUBC30511401", "Simon", ("Lévesque", "Annie")),
    ("Fortin", "Noah", "2014-09-05", "FORN05091401", "Patrick", ("Boucher", "Mélanie")),
    ("Gagné", "Emma", "2014-03-14", "GAGE14531401", "Martin", ("Poirier", "Sophie")),
    ("Hébert", "Jacob", "2014-11-23", "HEBJ23111401", "Luc", ("Girard", "Karine")),
    ("Lavoie", "Alice", "2014-06-08", "LAVA08561401", "Stéphane", ("Bergeron", "Valérie")),
    ("Morin", "Thomas", "2014-04-27", "MORT27041401", "Daniel", ("Côté", "Geneviève")),
    ("Ouellet", "Florence", "2014-08-16", "OUEF16581401", "Yannick", ("Gauthier", "Marie")),
    ("Pelletier", "William", "2014-10-01", "PELW01101401", "Jean", ("Roy", "Chantal")),
    ("Roy", "Béatrice", "2014-12-12", "ROYB12621401", "Alain", ("Demers", "Josée")),
];

/// The answers typed for the first ten forms, as the keys pressed.
const ANSWERS: [(char, char); 10] = [
    ('o', 'o'),
    ('o', 'o'),
    ('o', 'o'),
    ('o', 'o'),
    ('o', 'o'),
    ('o', 'o'),
    ('o', 'n'),
    ('n', 'n'),
    ('v', 'o'),
    ('n', 'o'),
];

fn roster_csv(class: &str, students: &[Row]) -> String {
    let mut text = String::from(
        "Fiche;Code permanent;Nom;Prénom;Date de naissance;Groupe-repère;Niveau;Titulaire;\
         nom_pere;pnom_pere;adr_electr_pere;nom_mere;pnom_mere;adr_electr_mere\n",
    );
    for (index, (last, first, born, code, father, (mother_last, mother_first))) in students.iter().enumerate() {
        let mail = |first: &str, last: &str| format!("{}.{}@exemple.ca", ascii(first), ascii(last));
        text.push_str(&format!(
            "{};{code};{last};{first};{born};{class};6e année;Tremblay, Marie-Ève;{last};{father};{};{mother_last};{mother_first};{}\n",
            2001 + index,
            mail(father, last),
            mail(mother_first, mother_last),
        ));
    }
    text
}

fn ascii(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| match c {
            'é' | 'è' | 'ê' => 'e',
            'ô' => 'o',
            'ç' => 'c',
            c => c,
        })
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

fn json(data: &Path, args: &[&str]) -> Value {
    let args: Vec<&str> = args.iter().copied().chain(["--json"]).collect();
    let text = ok(data, &args);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("balise {args:?} --json is not JSON ({e}): {text}"))
}

fn enter() -> String {
    char::from(Key::Enter).to_string()
}

/// Types `text` into whatever has the focus (`Window::keys`).
async fn keys(w: &Window, text: &str) {
    w.keys(text).await;
}

async fn wait_focus(w: &Window, what: &str, condition: &str) {
    w.wait_until(what, &format!("const a = document.activeElement; return !!a && ({condition});")).await;
}

/// One form, keyboard only: the number and Entrée, a key per question, Entrée. Takes a screenshot
/// of the filled card before saving when `shot` is given.
async fn record_by_keyboard(w: &Window, typed: &str, number: &str, (q1, q2): (char, char), shot: Option<&str>) {
    wait_focus(w, "the number field to have the focus", "a.id === 'return-number'").await;
    keys(w, &format!("{typed}{}", enter())).await;
    wait_focus(
        w,
        &format!("the card of {number} with question 1 focused"),
        &format!("a.name === 'return-q1' && document.querySelector('#return-card').dataset.number === {number:?}"),
    )
    .await;
    keys(w, &q1.to_string()).await;
    wait_focus(w, "question 2 to have the focus", "a.name === 'return-q2'").await;
    keys(w, &q2.to_string()).await;
    if let Some(name) = shot {
        w.screenshot(name).await;
    }
    keys(w, &enter()).await;
    w.wait_until(
        &format!("{number} saved"),
        &format!(
            "const r = document.querySelector('#return-result'); return !r.hidden && r.dataset.number === {number:?};"
        ),
    )
    .await;
}

fn answer(key: char) -> &'static str {
    match key {
        'o' => "oui",
        'n' => "non",
        _ => "sans_reponse",
    }
}

/// Drops the file `file` (a JavaScript expression making a `File`) on the Retours card, as a person
/// dragging it from the file manager would.
async fn drop_on_card(w: &Window, file: &str) {
    let script = format!(
        "const card = document.querySelector('#return-card'); const file = {file}; \
         const transfer = new DataTransfer(); transfer.items.add(file); \
         for (const type of ['dragenter', 'dragover', 'drop']) {{ \
           card.dispatchEvent(new DragEvent(type, {{bubbles: true, cancelable: true, dataTransfer: transfer}})); }} \
         return true;"
    );
    assert_eq!(w.eval(&script, vec![]).await, json!(true));
}

async fn count(w: &Window, key: &str) -> Value {
    w.eval(
        "const c = document.querySelector(arguments[0]); return c ? Number(c.dataset.count) : null;",
        vec![json!(format!("#dash-consents-count-{key}"))],
    )
    .await
}

async fn open_dashboard(w: &Window) {
    w.eval("document.body.dataset.ready = '0'; location.hash = '#/tableau-de-bord'", vec![]).await;
    w.wait_ready().await;
    w.wait_for("#dash-consents").await;
}

async fn open_returns(w: &Window) {
    w.eval("document.body.dataset.ready = '0'; location.hash = '#/retours'", vec![]).await;
    w.wait_ready().await;
    w.wait_for("#return-number").await;
}

#[tokio::test]
async fn forms_are_recorded_by_keyboard_and_the_class_and_dashboard_follow() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    init(data);
    let year = ok(data, &["settings", "get", "school_year"]).trim().to_string();
    let year = year.rsplit(' ').next().unwrap_or(&year).to_string();
    let start: i32 = year[..4].parse().expect("a school year like 2026-2027");

    // Last year's class, with a form printed then: its year is closed now.
    let old_now = format!("{}-09-10T10:00:00-04:00", start - 1);
    let at_old = |args: &[&str]| {
        let out = run_at(&old_now, data, args);
        assert!(out.status.success(), "balise {args:?} failed: {}", stderr(&out));
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    at_old(&["settings", "set", "school_year", &format!("{}-{}", start - 1, start)]);
    for (key, value) in [
        ("school_name", "École des Bleuets"),
        ("operator_name", "Mme Roy"),
        ("return_email", "secretariat@bleuets.exemple.ca"),
        ("form_deadline", &format!("{}-09-15", start - 1)),
    ] {
        at_old(&["settings", "set", key, value]);
    }
    let old_roster = data.join("ancienne-liste.csv");
    std::fs::write(
        &old_roster,
        roster_csv("501", &[("Ancien", "Élève", "2015-01-15", "ANCE15011501", "Paul", ("Ancien", "Anne"))]),
    )
    .unwrap();
    at_old(&["import", "roster", old_roster.to_str().unwrap()]);
    let dojo: Value = serde_json::from_str(&at_old(&[
        "use",
        "add",
        "--class",
        "501",
        "--platform",
        "ClassDojo",
        "--audience",
        "parents",
        "--json",
    ]))
    .unwrap();
    crate::cli::authorize_use(Some(&old_now), data, &dojo["id"]);
    let old_pdf = data.join("ancien.pdf");
    let old: Value = serde_json::from_str(&at_old(&[
        "print",
        "annexe-a",
        "--class",
        "501",
        "-o",
        old_pdf.to_str().unwrap(),
        "--json",
    ]))
    .unwrap();
    let old_number = old["forms"][0]["number"].as_str().expect("last year's form has a number").to_string();

    // This year: twelve students in 601 with ClassDojo for the parents, every form printed.
    let deadline = format!("{start}-07-01");
    for (key, value) in [("school_year", year.as_str()), ("form_deadline", deadline.as_str())] {
        ok(data, &["settings", "set", key, value]);
    }
    let roster = data.join("liste-601.csv");
    std::fs::write(&roster, roster_csv("601", &STUDENTS)).unwrap();
    ok(data, &["import", "roster", roster.to_str().unwrap()]);
    let dojo = json(data, &["use", "add", "--class", "601", "--platform", "ClassDojo", "--audience", "parents"]);
    crate::cli::authorize_use(None, data, &dojo["id"]);
    let printed = json(data, &["print", "annexe-a", "--class", "601", "-o", data.join("601.pdf").to_str().unwrap()]);
    let forms = printed["forms"].as_array().expect("the printed forms");
    assert_eq!(forms.len(), 12, "one form per student: {printed}");
    let numbers: Vec<String> = STUDENTS
        .iter()
        .map(|(last, first, ..)| {
            let name = format!("{last}, {first}");
            let form = forms.iter().find(|f| f["student"] == name.as_str()).unwrap_or_else(|| panic!("{name}'s form"));
            form["number"].as_str().unwrap().to_string()
        })
        .collect();
    std::fs::create_dir_all(data.join(SAVE_AS_FOLDER)).unwrap();

    let w = Window::open(data).await;
    w.wait_for("a[data-nav=\"retours\"]").await;
    w.click("#lang-fr").await;
    w.click("a[data-nav=\"retours\"]").await;
    w.wait_ready().await;
    wait_focus(&w, "the number field to have the focus on arrival", "a.id === 'return-number'").await;
    assert_eq!(w.text("#screen-title").await, "Retours");
    w.screenshot("60-retours-vide").await;

    // The search by name, accents ignored: one form, Entrée opens it; Échap goes back to the number.
    w.click("#return-search").await;
    keys(&w, "belang").await;
    w.wait_for(&format!("#return-hits li[data-number=\"{}\"]", numbers[1])).await;
    keys(&w, &enter()).await;
    wait_focus(
        &w,
        "Bélanger's card",
        &format!(
            "a.name === 'return-q1' && document.querySelector('#return-card').dataset.number === {:?}",
            numbers[1]
        ),
    )
    .await;
    let card = w.text("#return-card").await;
    for expected in ["Bélanger, Zoé", "Groupe 601", "ClassDojo", year.as_str(), "Pierre Bélanger", "Isabelle Caron"]
    {
        assert!(card.contains(expected), "the card shows « {expected} »: {card}");
    }
    assert!(card.contains("Imprimé"), "the history starts with the printing: {card}");
    keys(&w, char::from(Key::Escape).to_string().as_str()).await;
    wait_focus(&w, "back to the number", "a.id === 'return-number'").await;
    assert!(!w.exists("#return-card").await, "Échap closes the card without saving");

    // Ten forms, keyboard only; the odd ones typed in lower case without their dash.
    for (index, answers) in ANSWERS.iter().enumerate() {
        let number = &numbers[index];
        let typed = if index % 2 == 1 { number.replace('-', "").to_lowercase() } else { number.clone() };
        let shot = (index == 6).then_some("61-retours-fiche-remplie");
        record_by_keyboard(&w, &typed, number, *answers, shot).await;
        let result = w.text("#return-result").await;
        let (last, first, ..) = STUDENTS[index];
        assert!(
            result.contains(number) && result.contains(&format!("{last}, {first}")),
            "the confirmation names the form and the student: {result}"
        );
    }
    assert_eq!(
        w.eval("return document.querySelector('#return-count').dataset.count", vec![]).await,
        json!("10"),
        "the session counter"
    );
    assert!(w.text("#return-count").await.contains("10 formulaires enregistrés"));

    // The dashboard: 12 expected, 10 back, 2 missing, one blank, three with a « non ».
    open_dashboard(&w).await;
    for (key, expected) in [
        ("expected", 12),
        ("received", 10),
        ("missing", 2),
        ("blank", 1),
        ("refused", 3),
        ("consented", 6),
        ("withdrawn", 0),
    ] {
        assert_eq!(count(&w, key).await, json!(expected), "dashboard count « {key} »");
    }
    let row = w.text("#dash-consents-table tr[data-class=\"601\"]").await;
    assert!(row.contains("601"), "{row}");
    let today = chrono::Local::now().date_naive();
    let overdue = today > chrono::NaiveDate::parse_from_str(&deadline, "%Y-%m-%d").unwrap();
    assert_eq!(
        w.eval("return document.querySelector('#dash-consents-deadline').dataset.overdue", vec![]).await,
        json!(overdue.to_string()),
        "the deadline {deadline} is passed on {today}: {overdue}"
    );
    w.eval("document.querySelector('#screen-title').scrollIntoView()", vec![]).await;
    w.screenshot("65-tableau-de-bord-suivi").await;

    // An already-recorded form: the message says what was recorded; « Corriger » asks why.
    open_returns(&w).await;
    wait_focus(&w, "the number field", "a.id === 'return-number'").await;
    keys(&w, &format!("{}{}", numbers[1], enter())).await;
    wait_focus(&w, "question 1", "a.name === 'return-q1'").await;
    keys(&w, "o").await;
    wait_focus(&w, "question 2", "a.name === 'return-q2'").await;
    keys(&w, "n").await;
    keys(&w, &enter()).await;
    wait_focus(&w, "the correction button", "a.id === 'return-correct'").await;
    let message = w.text("#return-error").await;
    assert!(
        message.contains("déjà") && message.contains(&numbers[1]) && message.contains("Q1 oui, Q2 oui"),
        "the message says what was recorded: {message}"
    );
    assert!(w.exists("#return-again").await, "a new signed form is offered too");
    w.screenshot("62-retours-deja-enregistre").await;
    keys(&w, &enter()).await;
    wait_focus(&w, "the reason of the correction", "a.id === 'return-reason'").await;
    keys(&w, &format!("case de la question 2 mal lue{}", enter())).await;
    w.wait_until(
        "the correction saved",
        &format!(
            "const r = document.querySelector('#return-result'); return !r.hidden && r.dataset.number === {:?} && r.dataset.action === 'correct';",
            numbers[1]
        ),
    )
    .await;

    // A withdrawal (5.8) of both answers, with the parent's letter dropped onto the card.
    wait_focus(&w, "the number field", "a.id === 'return-number'").await;
    keys(&w, &format!("{}{}", numbers[0], enter())).await;
    wait_focus(&w, "question 1", "a.name === 'return-q1'").await;
    w.click("#return-withdraw-open").await;
    wait_focus(&w, "the question withdrawn", "a.id === 'return-withdraw-question'").await;
    // Who reported it: a guardian on file, chosen from the list (the backend then knows whose no it is).
    let chosen = w
        .eval(
            "const s = document.querySelector('#return-withdraw-who'); s.value = 'Marc Arsenault'; \
             s.dispatchEvent(new Event('change')); return s.value;",
            vec![],
        )
        .await;
    assert_eq!(chosen, json!("Marc Arsenault"), "the father is offered");
    // A file over the core's 20 Mo bound is refused at once, before it is read (issue 14).
    drop_on_card(&w, "new File([new Uint8Array(21 * 1024 * 1024)], 'video.pdf', {type: 'application/pdf'})").await;
    w.wait_until("the refusal of a file too large", "return !document.querySelector('#return-error').hidden").await;
    let said = w.text("#return-error").await;
    assert!(said.contains("« video.pdf » est trop volumineux : 20 Mo au plus"), "{said}");
    w.eval("document.querySelector('#return-error').scrollIntoView({block: 'center'})", vec![]).await;
    w.screenshot("62-retours-trop-volumineux").await;
    assert!(w.eval("return document.querySelector('#return-scan-chosen').hidden", vec![]).await == json!(true));
    drop_on_card(&w, "new File(['%PDF-1.4\\n% lettre de retrait\\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\\nxref\\n0 4\\n0000000000 65535 f \\n0000000029 00000 n \\n0000000072 00000 n \\n0000000121 00000 n \\ntrailer<</Size 4/Root 1 0 R>>\\nstartxref\\n184\\n%%EOF\\n'], 'lettre-retrait.pdf', {type: 'application/pdf'})").await;
    w.wait_until("the dropped scan", "return !document.querySelector('#return-scan-chosen').hidden").await;
    assert!(w.text("#return-scan-chosen").await.contains("lettre-retrait.pdf"));
    w.screenshot("63-retours-retrait").await;
    w.click("#return-withdraw-save").await;
    w.wait_until(
        "the withdrawal saved",
        &format!(
            "const r = document.querySelector('#return-result'); return !r.hidden && r.dataset.number === {:?} && r.dataset.action === 'withdraw';",
            numbers[0]
        ),
    )
    .await;

    // Last year's form: the year is closed, nothing can be recorded.
    wait_focus(&w, "the number field", "a.id === 'return-number'").await;
    keys(&w, &format!("{old_number}{}", enter())).await;
    w.wait_for("#return-closed").await;
    let closed = w.text("#return-closed").await;
    assert!(closed.contains("terminée"), "{closed}");
    assert!(!w.exists("#return-form").await, "no answer can be typed on a closed year's form");
    w.screenshot("64-retours-annee-terminee").await;
    keys(&w, char::from(Key::Escape).to_string().as_str()).await;

    // The class: the matrix shows each answer in words; the withdrawn form is « non » twice.
    w.eval("document.body.dataset.ready = '0'; location.hash = '#/classes/601'", vec![]).await;
    w.wait_ready().await;
    w.wait_for("#student-table td[data-use-id]").await;
    let cells: Value = w
        .eval(
            "return [...document.querySelectorAll('#student-table tbody tr')].map((row) => { \
               const cell = row.querySelector('td[data-use-id]'); \
               return [cell.dataset.q1, cell.dataset.q2, cell.dataset.status]; });",
            vec![],
        )
        .await;
    let cells = cells.as_array().unwrap();
    assert_eq!(cells.len(), 12, "a row per student");
    for (index, cell) in cells.iter().enumerate() {
        let expected = match index {
            0 => json!(["non", "non", "withdrawn"]),
            1 => json!(["oui", "non", "returned"]),
            8 => json!(["sans_reponse", "oui", "blank"]),
            10 | 11 => json!(["sans_reponse", "sans_reponse", "not_returned"]),
            _ => {
                let (q1, q2) = ANSWERS[index];
                json!([answer(q1), answer(q2), "returned"])
            }
        };
        assert_eq!(cell, &expected, "{}'s consent", STUDENTS[index].0);
    }
    let matrix = w.text("#student-table").await;
    assert!(matrix.contains("oui") && matrix.contains("non") && matrix.contains("pas revenu"), "{matrix}");
    w.eval("document.querySelector('#class-students-title').scrollIntoView()", vec![]).await;
    w.screenshot("66-classe-matrice").await;

    // « Ne pas contacter » on Roy's father, from the class.
    let roy = "#student-table tr:last-child";
    let father_id: i64 = w
        .eval(
            &format!("return Number(document.querySelector('{roy} button[data-action=\"do-not-contact\"]').dataset.guardianId)"),
            vec![],
        )
        .await
        .as_i64()
        .unwrap();
    let toggle = format!("button[data-action=\"do-not-contact\"][data-guardian-id=\"{father_id}\"]");
    w.click(&toggle).await;
    w.wait_until(
        "the mark saved",
        &format!("return document.querySelector('{toggle}').getAttribute('aria-pressed') === 'true' && document.body.dataset.ready === '1'"),
    )
    .await;

    // Arsenault's history: the printing, the return and the withdrawal with its scan.
    // Keyboard again: the student's name is a button, Entrée opens the history.
    w.eval(
        "document.body.dataset.ready = '0'; document.querySelector('button[data-action=\"history\"][data-student-id]').focus()",
        vec![],
    )
    .await;
    keys(&w, &enter()).await;
    w.wait_ready().await;
    w.wait_for("#student-history").await;
    let history = w.text("#student-history").await;
    for expected in ["Arsenault, Léo", "Imprimé", "Formulaire revenu", "Consentement retiré", "Marc Arsenault"] {
        assert!(history.contains(expected), "the history holds « {expected} »: {history}");
    }
    w.click("#student-history li[data-kind=\"retire\"] button[data-action=\"view-scan\"]").await;
    w.wait_until(
        "the scan's copy",
        "return document.querySelector('#student-history .event-scan-status').textContent.includes('/')",
    )
    .await;
    w.eval("document.querySelector('#student-history').scrollIntoView()", vec![]).await;
    w.screenshot("67-classe-historique").await;

    // Roy's form signed by that father: Balise asks why before accepting it.
    open_returns(&w).await;
    wait_focus(&w, "the number field", "a.id === 'return-number'").await;
    keys(&w, &format!("{}{}", numbers[11], enter())).await;
    wait_focus(&w, "question 1", "a.name === 'return-q1'").await;
    let guardians = w.text("#return-guardians").await;
    assert!(guardians.contains("ne pas contacter"), "the mark shows on the card: {guardians}");
    let mother = w
        .eval(
            "return document.querySelector('#return-guardians li[data-do-not-contact=\"false\"]').dataset.guardianId",
            vec![],
        )
        .await;
    assert_eq!(
        json!(w.value("#return-signer").await),
        json!(format!("g:{}", mother.as_str().unwrap_or_default())),
        "the signer offered first is a parent who may be contacted"
    );
    keys(&w, "o").await;
    keys(&w, "o").await;
    w.eval(
        "const s = document.querySelector('#return-signer'); s.value = arguments[0]; s.dispatchEvent(new Event('change', {bubbles: true}));",
        vec![json!(format!("g:{father_id}"))],
    )
    .await;
    assert!(
        w.eval("return !document.querySelector('#return-dnc-reason').closest('.field').hidden", vec![]).await
            == json!(true),
        "the reason is asked as soon as that parent is chosen"
    );
    w.click("#return-save").await;
    wait_focus(&w, "the reason asked", "a.id === 'return-dnc-reason'").await;
    let refusal = w.text("#return-error").await;
    assert!(refusal.contains("ne pas contacter"), "{refusal}");
    w.screenshot("68-retours-ne-pas-contacter").await;
    keys(&w, &format!("seul parent joint cette semaine{}", enter())).await;
    w.wait_until(
        "Roy's form saved",
        &format!(
            "const r = document.querySelector('#return-result'); return !r.hidden && r.dataset.number === {:?};",
            numbers[11]
        ),
    )
    .await;

    // The dashboard follows, and the list of forms to chase is exported.
    open_dashboard(&w).await;
    for (key, expected) in
        [("received", 11), ("missing", 1), ("blank", 1), ("refused", 4), ("withdrawn", 1), ("consented", 5)]
    {
        assert_eq!(count(&w, key).await, json!(expected), "dashboard count « {key} » at the end");
    }
    w.click("#dash-export-csv").await;
    w.wait_until(
        "the export",
        "return document.querySelector('#dash-export-result').textContent.includes('enregistres')",
    )
    .await;
    w.close().await;

    let exported: Vec<_> = std::fs::read_dir(data.join(SAVE_AS_FOLDER)).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(exported.len(), 1, "{exported:?}");
    let csv = std::fs::read_to_string(&exported[0]).unwrap();
    assert!(csv.contains("Pelletier, William") && csv.contains("Morin, Thomas"), "the missing and the blank: {csv}");
    assert!(!csv.contains("Roy, Béatrice"), "Roy's form is back: {csv}");

    // The teacher's sheet: the withdrawn student must not appear.
    let sheet =
        json(data, &["print", "class-sheet", "--class", "601", "-o", data.join("feuille.pdf").to_str().unwrap()]);
    let sheet = &sheet["sheets"][0];
    let names =
        |key: &str| sheet[key].as_array().unwrap().iter().map(|n| n.as_str().unwrap().to_string()).collect::<Vec<_>>();
    assert!(names("must_not").iter().any(|n| n.contains("Arsenault")), "withdrawn: must not appear: {sheet}");
    assert!(!names("may_show").iter().any(|n| n.contains("Arsenault")), "{sheet}");
    assert!(names("may_show").iter().any(|n| n.contains("Roy")), "Roy's father's signature counts: {sheet}");
    let history = json(data, &["consent", "history", "--student", "Arsenault, Léo"]);
    let events = history["forms"][0]["events"].as_array().unwrap();
    let withdrawal = events.iter().find(|e| e["kind"] == "retire").expect("the withdrawal event");
    assert_eq!(withdrawal["scan"]["original_name"], "lettre-retrait.pdf", "{withdrawal}");
}

/// Issue 15, items 1, 2 and 4 in the window: two guardians' copies disagree (« réponses
/// contradictoires » on Retours, the class matrix and the dashboard, with the way out); a signature
/// by a person not on file is linked from the Retours card with a reason; Paramètres offers the
/// student's own consent, off by default.
#[tokio::test]
async fn contradictory_answers_and_an_unknown_signer_in_the_window() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    init(data);
    let year = ok(data, &["settings", "get", "school_year"]).trim().to_string();
    let year = year.rsplit(' ').next().unwrap_or(&year).to_string();
    let start: i32 = year[..4].parse().expect("a school year like 2026-2027");
    for (key, value) in [
        ("school_year", year.as_str()),
        ("school_name", "École des Bleuets"),
        ("operator_name", "Mme Roy"),
        ("return_email", "secretariat@bleuets.exemple.ca"),
        ("form_deadline", &format!("{start}-07-01")),
    ] {
        ok(data, &["settings", "set", key, value]);
    }
    let roster = data.join("liste-601.csv");
    std::fs::write(&roster, roster_csv("601", &STUDENTS[..3])).unwrap();
    ok(data, &["import", "roster", roster.to_str().unwrap()]);
    let dojo = json(data, &["use", "add", "--class", "601", "--platform", "ClassDojo", "--audience", "parents"]);
    crate::cli::authorize_use(None, data, &dojo["id"]);
    let printed = json(
        data,
        &["print", "annexe-a", "--class", "601", "--per-guardian", "-o", data.join("601.pdf").to_str().unwrap()],
    );
    let number_of = |name: &str| -> String {
        let forms = printed["forms"].as_array().unwrap();
        forms.iter().find(|f| f["student"] == name).unwrap_or_else(|| panic!("{name}: {printed}"))["number"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (leo, zoe) = (number_of("Arsenault, Léo"), number_of("Bélanger, Zoé"));
    // Léo's mother says no on her copy, his father yes on his.
    for (signer, answer) in [("Julie Doiron", "non"), ("Marc Arsenault", "oui")] {
        ok(data, &["consent", "record", &leo, "--q1", answer, "--q2", answer, "--signer", signer]);
    }
    // Zoé's form signed by a name that is on no file.
    ok(data, &["consent", "record", &zoe, "--q1", "oui", "--q2", "oui", "--signer", "Nadia Bélanger-Caron"]);

    let w = Window::open(data).await;
    w.wait_for("a[data-nav=\"retours\"]").await;
    w.click("#lang-fr").await;
    open_returns(&w).await;
    w.fill("#return-number", &leo).await;
    keys(&w, &enter()).await;
    w.wait_for("#return-contradictory").await;
    let state = w.text("#return-state").await;
    assert!(state.contains("Réponses contradictoires des parents"), "{state}");
    let help = w.text("#return-contradictory").await;
    assert!(
        help.contains("art. 5.7") && help.contains("nouveau formulaire signé par le parent qui a dit non"),
        "{help}"
    );
    w.screenshot("69-retours-reponses-contradictoires").await;

    // Zoé: the stranger's signature is linked to parental authority, with the reason.
    w.fill("#return-number", &zoe).await;
    w.click("#return-number").await;
    keys(&w, &enter()).await;
    w.wait_for("#return-unknown-signer").await;
    let help = w.text("#return-unknown-signer").await;
    assert!(help.contains("ne compte pas"), "{help}");
    w.eval(
        "const s = document.querySelector('#return-link-to'); s.value = 'authority'; \
         s.dispatchEvent(new Event('change')); return true;",
        vec![],
    )
    .await;
    w.click("#return-link-save").await;
    w.wait_until("the reason asked", "return !document.querySelector('#return-link-status').hidden;").await;
    w.fill("#return-link-reason", "nouvelle tutrice, jugement présenté au secrétariat").await;
    w.screenshot("69-retours-signataire-non-inscrit").await;
    w.click("#return-link-save").await;
    w.wait_until(
        "the link saved",
        &format!(
            "const r = document.querySelector('#return-result'); return !r.hidden && r.dataset.number === {zoe:?};"
        ),
    )
    .await;
    assert!(w.text("#return-result").await.contains("Signature rattachée"));
    let zoe_now = json(data, &["consent", "history", "--student", "Bélanger, Zoé"]);
    assert_eq!(zoe_now["forms"][0]["state"]["may_show"], true, "{zoe_now}");

    // The class matrix and the dashboard say it too.
    w.eval("document.body.dataset.ready = '0'; location.hash = '#/classes/601'", vec![]).await;
    w.wait_ready().await;
    w.wait_for("#student-table").await;
    let matrix = w.text("#student-table").await;
    assert!(matrix.contains("contradictoire"), "{matrix}");
    w.eval("document.querySelector('#student-table').scrollIntoView({block: 'start'}); return true;", vec![]).await;
    w.screenshot("69-classe-contradictoire").await;
    open_dashboard(&w).await;
    assert_eq!(count(&w, "contradictory").await, json!(1));
    assert_eq!(count(&w, "unknown_signer").await, json!(0));

    // Paramètres: the student's own consent, off unless the principal decides it.
    w.eval("document.body.dataset.ready = '0'; location.hash = '#/parametres'", vec![]).await;
    w.wait_ready().await;
    w.wait_for("#setting-student_consent").await;
    assert_eq!(w.value("#setting-student_consent").await, "non");
    let hint = w.text("#setting-student_consent-hint").await;
    assert!(hint.contains("14 ans"), "{hint}");
    w.eval(
        "document.querySelector('#setting-student_consent').scrollIntoView({block: 'center'}); return true;",
        vec![],
    )
    .await;
    w.screenshot("69-parametres-consentement-eleve").await;
    w.close().await;
}
