import Foundation
import StewardCore
import Testing

/// Submitted form values become the JSON the service desk takes, or a refusal naming the input and
/// saying what to do.
@Suite struct FormConversionTests {
    static let severity = FormField.wholeNumber("severity", "Severity", 1...4, meanings: [1: "Critical"])
    static let via = FormField.choice("via", "Daily report", [.init("email", "By e-mail"), .init("phone", "By phone")])
    static let findings = FormField.rows(
        "checklist", "Findings",
        [
            .text("finding", "Finding"), .choice("severity", "Severity", [.init("low", "Low"), .init("high", "High")]),
            .text("note", "Note", required: false),
        ],
        blankRows: 3
    )

    static func form(_ fields: FormField...) -> EventForm {
        EventForm("file", "File", for: [.customer], fields: fields)
    }

    /// The payload inside `{"file": {…}}`.
    static func payload(_ form: EventForm, _ values: [(name: String, value: String)]) throws -> JSONValue? {
        guard case .object(let event) = try form.json(from: values) else { return nil }
        return event["file"]
    }

    static func refusal(_ form: EventForm, _ values: [(name: String, value: String)]) throws -> FormError {
        try #require(throws: FormError.self) { try form.json(from: values) }
    }

    static func json(_ text: String) -> JSONValue {
        JSONValue(Data(text.utf8))
    }

    @Test func textIsTrimmedAndABlankOptionalFieldIsLeftOut() throws {
        let form = Self.form(.text("summary", "Summary"), .text("ref", "Reference", required: false))
        #expect(try Self.payload(form, [("summary", "  Scans stall \n"), ("ref", "   ")]) == Self.json(#"{"summary": "Scans stall"}"#))
        #expect(try Self.payload(form, [("summary", "Scans stall")]) == Self.json(#"{"summary": "Scans stall"}"#))
    }

    @Test func aRequiredFieldLeftBlankOrAbsentIsRefusedByName() throws {
        let form = Self.form(.text("summary", "Summary"))
        for values: [(name: String, value: String)] in [[], [("summary", " \t ")]] {
            let error = try Self.refusal(form, values)
            #expect(error == FormError(code: .missing, field: "summary", reason: "Summary is required; fill it in"))
        }
    }

    @Test func aParagraphKeepsItsLineBreaksAsNewlines() throws {
        let form = Self.form(.paragraph("description", "Description"))
        #expect(
            try Self.payload(form, [("description", "First line\r\nSecond line\r\n")])
                == .object(["description": .string("First line\nSecond line")]))
    }

    @Test func aChoiceSendsTheOptionsValueAndRefusesAnyOther() throws {
        let form = Self.form(Self.via)
        #expect(try Self.payload(form, [("via", "phone")]) == Self.json(#"{"via": "phone"}"#))
        let error = try Self.refusal(form, [("via", "fax")])
        #expect(error.code == .notAnOption)
        #expect(error.field == "via")
        #expect(error.reason == "Daily report must be one of 'By e-mail', 'By phone', not 'fax'")
        #expect(try Self.refusal(form, []).reason == "Daily report is required; choose one of 'By e-mail', 'By phone'")
    }

    @Test func aWholeNumberIsAJSONNumberInsideItsRange() throws {
        let form = Self.form(Self.severity)
        #expect(try Self.payload(form, [("severity", " 2 ")]) == Self.json(#"{"severity": 2}"#))
        for text in ["x", "7", "0", "2.5"] {
            let error = try Self.refusal(form, [("severity", text)])
            #expect(
                error
                    == FormError(
                        code: .notAWholeNumber, field: "severity", reason: "Severity must be a whole number from 1 to 4, not '\(text)'"))
        }
        #expect(try Self.refusal(form, []).reason == "Severity is required; give a whole number from 1 to 4")
    }

    @Test func aDateMustExistAndBeWrittenAsTheDateInputSendsIt() throws {
        let form = Self.form(.date("date", "Date"))
        #expect(try Self.payload(form, [("date", "2026-12-15")]) == Self.json(#"{"date": "2026-12-15"}"#))
        for text in ["15.12.2026", "2026-02-30", "2026-12-15T09:00"] {
            let error = try Self.refusal(form, [("date", text)])
            #expect(error.code == .notADate)
            #expect(error.reason == "Date must be a date written YYYY-MM-DD, such as 2026-12-15, not '\(text)'")
        }
    }

    @Test func rowsBecomeAnArrayInTheirOrderWithoutTheBlankOnes() throws {
        let values: [(name: String, value: String)] = [
            ("checklist[2].finding", "Mirror lags"), ("checklist[2].severity", "low"), ("checklist[2].note", ""),
            ("checklist[0].finding", "Exclusions too wide"), ("checklist[0].severity", "high"), ("checklist[0].note", "D: drive"),
            ("checklist[1].finding", " "), ("checklist[1].severity", ""), ("checklist[1].note", ""),
        ]
        #expect(
            try Self.payload(Self.form(Self.findings), values)
                == Self.json(
                    #"{"checklist": [{"finding": "Exclusions too wide", "severity": "high", "note": "D: drive"}, {"finding": "Mirror lags", "severity": "low"}]}"#
                ))
    }

    @Test func aRowFilledInPartlyIsRefusedAtTheInputItsPageShowed() throws {
        let values: [(name: String, value: String)] = [
            ("checklist[0].finding", ""), ("checklist[1].finding", "Mirror lags"), ("checklist[1].severity", "urgent"),
        ]
        let error = try Self.refusal(Self.form(Self.findings), values)
        #expect(error.field == "checklist[1].severity")
        #expect(error.reason == "Severity in row 2 must be one of 'Low', 'High', not 'urgent'")
        let missing = try Self.refusal(Self.form(Self.findings), [("checklist[4].note", "only a note")])
        #expect(missing == FormError(code: .missing, field: "checklist[4].finding", reason: "Finding in row 5 is required; fill it in"))
    }

    @Test func requiredRowsLeftBlankAreRefusedAndOptionalOnesLeftOut() throws {
        let blank: [(name: String, value: String)] = [("checklist[0].finding", ""), ("checklist[1].severity", "")]
        let error = try Self.refusal(Self.form(Self.findings), blank)
        #expect(error == FormError(code: .missing, field: "checklist", reason: "Findings is required; fill in at least one row"))
        let optional = FormField.rows("extras", "Extras", [.text("what", "What")], blankRows: 2, required: false)
        #expect(try Self.payload(Self.form(optional), blank) == .object([:]))
    }

    @Test func onlyInputNamesTheFormWritesAreRead() throws {
        let form = Self.form(Self.findings)
        let values: [(name: String, value: String)] = [
            ("csrf", "t0ken"), ("checklist[01].finding", "padded"), ("checklist[-1].finding", "negative"),
            ("checklist[0]finding", "no dot"), ("checklist[0].finding", "Exclusions too wide"), ("checklist[0].severity", "low"),
        ]
        #expect(
            try Self.payload(form, values) == Self.json(#"{"checklist": [{"finding": "Exclusions too wide", "severity": "low"}]}"#))
        #expect(Self.findings.inputName(of: .text("finding", "Finding"), inRow: 2) == "checklist[2].finding")
    }

    @Test func anInputSentTwiceIsRefused() throws {
        let error = try Self.refusal(Self.form(Self.severity), [("severity", "1"), ("severity", "2")])
        #expect(error.code == .sentTwice)
        #expect(error.field == "severity")
    }

    @Test func anEventWithoutFieldsIsItsNameOverAnEmptyObject() throws {
        #expect(try EventForm("qaPassed", "QA passed", for: [.staff]).json(from: [("csrf", "x")]) == Self.json(#"{"qaPassed": {}}"#))
    }

    @Test func aFilingIsTheTypedFieldsWithTheFormsFixedValues() throws {
        let form = FilingForm("Report an incident", fields: [.text("summary", "Summary")], fixed: ["channel": .string("portal")])
        let fields = try form.json(from: [("summary", "Scans stall"), ("channel", "api")])
        #expect(fields == ["summary": .string("Scans stall"), "channel": .string("portal")])
    }
}
