import StewardCore

extension PrivatePatchWorkflow {
    /// What people fill in to request a private patch and to move it, in the contract's words.
    ///
    /// The products to choose from are the support lifecycle's; whether the version is still
    /// supported is judged on filing. Staff logging a request later may give the customer's date
    /// of it, which the lifecycle is judged on; otherwise it is today in the customer's calendar.
    public var forms: WorkflowForms {
        let products = lifecycle.products.keys.sorted().map { FormField.Option($0, $0) }
        let fields: [FormField] = [
            .choice("product", "Product", products),
            .text(
                "version", "Installed version",
                hint: "As the product support lifecycle names it, e.g. 11.0; a patch is built only for a version still supported"),
            .paragraph("description", "What the patch must fix", hint: "For the enterprise engineering group"),
        ]
        let requestedOn = FormField.date(
            "requestedOn", "Requested on", hint: "The customer's date of the request, when it is logged later; left blank, today",
            required: false)
        return WorkflowForms(
            transitions: Self.transitions,
            filing: [
                .customer: FilingForm("Request a private patch", fields: fields),
                .staff: FilingForm("Log a private patch request for the customer", fields: fields + [requestedOn]),
            ],
            events: [
                EventForm(
                    "acceptLicense", "Accept the private-patch licence",
                    hint: "The contract allows the patch to be delivered only once the licence is accepted", for: [.customer]),
                EventForm("confirm", "Confirm the delivered patch", for: [.customer, .staff]),
                .cancelRequest,
            ],
            tasks: [
                .task(
                    "build-patch",
                    EventForm(
                        "submitForQA", "Hand the build to QA", for: [.staff],
                        fields: [.text("build", "Build", hint: "The build QA verifies, e.g. 11.0.3-p1")])),
                .task(
                    "verify-patch",
                    EventForm("qaPassed", "QA passed", hint: "The customer is asked to accept the private-patch licence", for: [.staff]),
                    EventForm(
                        "qaFailed", "QA failed", hint: "The patch goes back to the enterprise engineering group", for: [.staff],
                        fields: [.paragraph("notes", "What QA found")])),
                .task(
                    "deliver-patch",
                    EventForm(
                        "deliver", "Deliver the patch", for: [.staff],
                        fields: [.text("artifact", "Download reference", hint: "What the customer downloads the patch by")])),
            ]
        )
    }
}
