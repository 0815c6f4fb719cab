#include "app/answer_problem_text.h"

#include <QCoreApplication>
#include <QStringList>

#include "engine/ground/grounding_pipeline.h"

namespace mr::app {

namespace {

// The translation context of these sentences.
class AnswerProblem {
    Q_DECLARE_TR_FUNCTIONS(mr::app::AnswerProblem)
public:
    static QString issueText(const mr::reason::AnswerIssue& issue);
    static QString text(const mr::ground::GroundingResult& run);
};

// One error in the user's language; kinds with no sentence of their own keep the engine's.
QString AnswerProblem::issueText(const mr::reason::AnswerIssue& issue) {
    using Kind = mr::reason::AnswerIssueKind;
    const QString key = QString::fromStdString(issue.key);
    switch (issue.kind) {
        case Kind::NoAnswerBlock: return tr("there is no <answer> block");
        case Kind::EmptyAnswer: return tr("the <answer> block is empty");
        case Kind::NotJson: return tr("the answer is not valid JSON");
        case Kind::NotAnObject: return tr("the answer is JSON but not an object");
        case Kind::MissingKey: return tr("the answer has no \"%1\"").arg(key);
        case Kind::NotAList: return tr("\"%1\" is not a list").arg(key);
        case Kind::WrongLength: return tr("\"%1\" has the wrong number of values").arg(key);
        case Kind::NotNumeric: return tr("\"%1\" holds a value that is not a number").arg(key);
        case Kind::BoxEmpty: return tr("the box has no width or no height");
        default: return QString::fromStdString(issue.message);
    }
}

QString AnswerProblem::text(const mr::ground::GroundingResult& run) {
    QStringList errors;
    for (const auto& issue : run.answer.issues)
        if (issue.severity == mr::reason::AnswerSeverity::Error) errors << issueText(issue);
    const QString why = errors.isEmpty() ? tr("no box and two points") : errors.join(QStringLiteral("; "));
    const QString cutOff = run.reply.stopReason == "maximum new tokens"
                               ? tr(" (generation stopped at the maximum of new tokens)")
                               : QString();
    return tr("The model's output has no usable answer: %1%2. The reasoning trace is kept; place a box or points "
              "by hand to segment.")
        .arg(why, cutOff);
}

}  // namespace

QString answerProblemText(const mr::ground::GroundingResult& run) { return AnswerProblem::text(run); }

}  // namespace mr::app
