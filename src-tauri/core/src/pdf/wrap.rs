//! Breaking styled text into lines that fit a width, measured with the embedded fonts' advances
//! (a PDF draws text where it is told and never wraps it).

use super::fonts::Face;

/// A piece of a paragraph set in one face. Consecutive spans with no space between them stay one
/// word: `[bold("Balise"), regular(",")]` never breaks before the comma.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Span<'a> {
    pub text: &'a str,
    pub face: Face,
}

impl<'a> Span<'a> {
    pub fn regular(text: &'a str) -> Self {
        Span { text, face: Face::Sans }
    }

    pub fn bold(text: &'a str) -> Self {
        Span { text, face: Face::SansBold }
    }

    pub fn mono(text: &'a str) -> Self {
        Span { text, face: Face::Mono }
    }
}

/// Text of one line set in one face.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub face: Face,
    pub text: String,
}

/// One wrapped line and its measured width.
#[derive(Clone, Debug, PartialEq)]
pub struct Line {
    pub runs: Vec<Run>,
    pub width_mm: f32,
}

impl Line {
    /// The line's text without its faces (for tests and logs).
    pub fn text(&self) -> String {
        self.runs.iter().map(|run| run.text.as_str()).collect()
    }
}

/// Breaks `spans` into lines no wider than `max_width_mm` at `size_pt`.
///
/// Lines break at ordinary spaces only, so the no-break spaces `fr_typography` puts before « ? »
/// keep the sign with its word. Runs of spaces count as one, spaces at a line's ends are dropped,
/// and `\n` forces a break (`\n\n` leaves an empty line). A word wider than the whole width is cut
/// between characters rather than overflowing the margin.
pub fn wrap(spans: &[Span<'_>], size_pt: f32, max_width_mm: f32) -> Vec<Line> {
    let mut layout = Layout { size_pt, max_width_mm, lines: Vec::new(), runs: Vec::new(), width: 0.0 };
    let mut pending_space: Option<Face> = None;
    for token in tokens(spans) {
        match token {
            Token::Break => {
                layout.finish_line();
                pending_space = None;
            }
            Token::Space(face) => {
                if !layout.runs.is_empty() {
                    pending_space = Some(face);
                }
            }
            Token::Word(word) => {
                let word_width: f32 = word.iter().map(|run| run.face.text_width_mm(&run.text, size_pt)).sum();
                match pending_space.take() {
                    Some(space_face) if !layout.runs.is_empty() => {
                        let space_width = space_face.text_width_mm(" ", size_pt);
                        if layout.width + space_width + word_width <= max_width_mm + TOLERANCE_MM {
                            layout.push_text(space_face, " ", space_width);
                            for run in &word {
                                layout.push_text(run.face, &run.text, run.face.text_width_mm(&run.text, size_pt));
                            }
                        } else {
                            layout.finish_line();
                            layout.place_word(&word, word_width);
                        }
                    }
                    _ => layout.place_word(&word, word_width),
                }
            }
        }
    }
    if !layout.runs.is_empty() {
        layout.finish_line();
    }
    layout.lines
}

/// Absorbs float rounding when a line is summed piece by piece.
const TOLERANCE_MM: f32 = 1e-4;

enum Token {
    Word(Vec<Run>),
    Space(Face),
    Break,
}

fn tokens(spans: &[Span<'_>]) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut word: Vec<Run> = Vec::new();
    for span in spans {
        for c in span.text.chars() {
            match c {
                '\n' | ' ' | '\t' | '\r' => {
                    if !word.is_empty() {
                        tokens.push(Token::Word(std::mem::take(&mut word)));
                    }
                    if c == '\n' {
                        tokens.push(Token::Break);
                    } else if !matches!(tokens.last(), Some(Token::Space(_))) {
                        tokens.push(Token::Space(span.face));
                    }
                }
                _ => match word.last_mut() {
                    Some(run) if run.face == span.face => run.text.push(c),
                    _ => word.push(Run { face: span.face, text: c.to_string() }),
                },
            }
        }
    }
    if !word.is_empty() {
        tokens.push(Token::Word(word));
    }
    tokens
}

struct Layout {
    size_pt: f32,
    max_width_mm: f32,
    lines: Vec<Line>,
    runs: Vec<Run>,
    width: f32,
}

impl Layout {
    fn push_text(&mut self, face: Face, text: &str, width: f32) {
        match self.runs.last_mut() {
            Some(run) if run.face == face => run.text.push_str(text),
            _ => self.runs.push(Run { face, text: text.to_string() }),
        }
        self.width += width;
    }

    fn finish_line(&mut self) {
        let runs = std::mem::take(&mut self.runs);
        self.lines.push(Line { runs, width_mm: self.width });
        self.width = 0.0;
    }

    /// Puts a word at the start of the current (empty) line, cutting it if it cannot fit.
    fn place_word(&mut self, word: &[Run], word_width: f32) {
        if word_width <= self.max_width_mm + TOLERANCE_MM {
            for run in word {
                self.push_text(run.face, &run.text, run.face.text_width_mm(&run.text, self.size_pt));
            }
            return;
        }
        let mut buffer = [0u8; 4];
        for run in word {
            for c in run.text.chars() {
                let piece: &str = c.encode_utf8(&mut buffer);
                let piece_width = run.face.text_width_mm(piece, self.size_pt);
                if !self.runs.is_empty() && self.width + piece_width > self.max_width_mm + TOLERANCE_MM {
                    self.finish_line();
                }
                self.push_text(run.face, piece, piece_width);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "Les données de Balise sont chiffrées sur cet ordinateur. Cette clé permet de \
        les déverrouiller si le trousseau de clés de l’ordinateur est perdu, si l’ordinateur est \
        remplacé ou si le dossier de données est restauré sur un autre poste. Sans elle, Balise ne \
        peut pas récupérer les données\u{202F}; personne au centre de services scolaire ne le peut non plus.";

    fn measured(line: &Line, size_pt: f32) -> f32 {
        line.runs.iter().map(|run| run.face.text_width_mm(&run.text, size_pt)).sum()
    }

    #[test]
    fn lines_never_exceed_the_width() {
        let spans = [Span::regular(TEXT), Span::bold(" Gardez-la sous clé."), Span::regular(TEXT)];
        for size_pt in [8.0, 11.0, 14.5, 30.0] {
            for width_mm in [20.0, 45.5, 80.0, 123.4, 175.9] {
                let lines = wrap(&spans, size_pt, width_mm);
                assert!(lines.len() > 1, "{size_pt} pt in {width_mm} mm did not wrap");
                for line in &lines {
                    let width = measured(line, size_pt);
                    assert!(width <= width_mm + 1e-3, "{:?} is {width} mm > {width_mm} mm", line.text());
                    assert!((width - line.width_mm).abs() < 1e-3, "recorded width drifted");
                    assert!(!line.text().starts_with(' ') && !line.text().ends_with(' '));
                }
            }
        }
    }

    #[test]
    fn wrapping_keeps_every_word_in_order() {
        let lines = wrap(&[Span::regular(TEXT)], 11.0, 60.0);
        let joined: Vec<String> = lines.iter().map(Line::text).collect();
        assert_eq!(joined.join(" "), TEXT);
        // The narrow no-break space keeps « ; » on the line of « données ».
        assert!(joined.iter().any(|line| line.contains("données\u{202F};")));
    }

    #[test]
    fn lines_are_filled_greedily() {
        let lines = wrap(&[Span::regular(TEXT)], 11.0, 90.0);
        for pair in lines.windows(2) {
            let next_word = pair[1].text().split(' ').next().unwrap().to_string();
            let with_next = format!("{} {}", pair[0].text(), next_word);
            assert!(Face::Sans.text_width_mm(&with_next, 11.0) > 90.0, "{with_next:?} would have fit");
        }
    }

    #[test]
    fn spans_without_space_stay_one_word_and_keep_their_faces() {
        let spans = [Span::regular("Appuyez sur "), Span::bold("Déverrouiller"), Span::regular(", puis tapez.")];
        let lines = wrap(&spans, 11.0, 500.0);
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0].runs.len(), 3);
        assert_eq!(lines[0].runs[1], Run { face: Face::SansBold, text: "Déverrouiller".into() });
        let narrow = wrap(&spans, 11.0, Face::SansBold.text_width_mm("Déverrouiller,", 11.0) + 1.0);
        assert!(narrow.iter().any(|line| line.text() == "Déverrouiller,"));
    }

    #[test]
    fn newlines_break_and_overlong_words_are_cut() {
        let lines = wrap(&[Span::regular("un\n\ndeux  trois ")], 11.0, 100.0);
        let texts: Vec<String> = lines.iter().map(Line::text).collect();
        assert_eq!(texts, ["un", "", "deux trois"]);

        let code = "K7QM3RXD9TPAK7QM3RXD9TPAK7QM";
        let lines = wrap(&[Span::mono(code)], 20.0, 40.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.iter().map(Line::text).collect::<String>(), code);
        assert!(lines.iter().all(|line| measured(line, 20.0) <= 40.0 + 1e-3));
        assert!(wrap(&[], 11.0, 100.0).is_empty());
    }
}
