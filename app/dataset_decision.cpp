#include "app/dataset_decision.h"

#include <QDir>
#include <QMessageBox>
#include <QPushButton>

namespace mr::app {

using mr::dataset::DatasetChoiceError;

namespace {

QPushButton* addButton(QMessageBox& box, const QString& text, QMessageBox::ButtonRole role, const char* name) {
    QPushButton* b = box.addButton(text, role);
    b->setObjectName(QString::fromLatin1(name));
    return b;
}

std::optional<DatasetDecision> askImport(QWidget* parent, const QString& folder, const mr::dataset::FolderSurvey& s) {
    const QString file = QString::fromStdString(s.recordsFile);
    QMessageBox box(
        QMessageBox::Question, QObject::tr("Records Made by Another Tool"),
        QObject::tr("<b>%1</b> holds %n U-MRG record(s) in %2 that another tool wrote.", nullptr, int(s.recordCount))
            .arg(QDir::toNativeSeparators(folder).toHtmlEscaped(), file.toHtmlEscaped()),
        QMessageBox::NoButton, parent);
    box.setInformativeText(
        QObject::tr(
            "Import: the records become samples of a dataset here, marked \u201cimported\u201d, so you can review "
            "them and add your own. Their images, masks and %1 stay exactly as they are; the app writes its "
            "own records beside them (samples.jsonl and medreasoner_annotations.json).\n\n"
            "Open Read-Only: browse, review and export the records; nothing is written.")
            .arg(file));
    QPushButton* import = addButton(box, QObject::tr("Import"), QMessageBox::AcceptRole, "importButton");
    QPushButton* readOnly = addButton(box, QObject::tr("Open Read-Only"), QMessageBox::ActionRole, "readOnlyButton");
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(readOnly);
    box.exec();
    DatasetDecision d;
    if (box.clickedButton() == readOnly) d.readOnly = true;
    else if (box.clickedButton() == import) d.options.importForeignRecords = true;
    else return std::nullopt;
    return d;
}

std::optional<DatasetDecision> askCreate(QWidget* parent, const QString& folder, const mr::dataset::FolderSurvey& s) {
    QStringList names;
    for (const auto& n : s.someEntries) names << QString::fromStdString(n);
    if (names.size() == 5) names << QStringLiteral("…");
    QMessageBox box(QMessageBox::Question, QObject::tr("Create a Dataset Here?"),
                    QObject::tr("<b>%1</b> is not empty and is not a dataset (it holds %2).")
                        .arg(QDir::toNativeSeparators(folder).toHtmlEscaped(), names.join(", ").toHtmlEscaped()),
                    QMessageBox::NoButton, parent);
    QString info = QObject::tr(
        "Create a dataset inside it? The app adds images/, masks/, samples.jsonl, a records "
        "file and .medreasoner/; nothing already there is changed or removed.");
    if (!s.problem.empty()) info += "\n\n" + QString::fromStdString(s.problem);
    box.setInformativeText(info);
    QPushButton* create = addButton(box, QObject::tr("Create Dataset Here"), QMessageBox::AcceptRole, "createButton");
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != create) return std::nullopt;
    DatasetDecision d;
    d.options.createInNonEmptyFolder = true;
    return d;
}

std::optional<DatasetDecision> askEdited(QWidget* parent, const QString& folder, const QStringList& details) {
    QMessageBox box(QMessageBox::Warning, QObject::tr("Records File Changed"),
                    QObject::tr("annotations.json in <b>%1</b> was changed since the app wrote it (%n difference(s), "
                                "see Show Details).",
                                nullptr, int(details.size()))
                        .arg(QDir::toNativeSeparators(folder).toHtmlEscaped()),
                    QMessageBox::NoButton, parent);
    box.setInformativeText(
        QObject::tr("Keep Their File: it stays as it is; from now on the app writes its records to "
                    "medreasoner_annotations.json beside it.\n\n"
                    "Back Up and Rewrite: the changed file is kept as annotations.backup-<time>.json, and "
                    "annotations.json is written again from the app's samples.\n\n"
                    "Open Read-Only: look first; nothing is written."));
    box.setDetailedText(details.join('\n'));
    QPushButton* keep = addButton(box, QObject::tr("Keep Their File"), QMessageBox::AcceptRole, "keepTheirsButton");
    QPushButton* backUp = addButton(box, QObject::tr("Back Up and Rewrite"), QMessageBox::AcceptRole, "backUpButton");
    QPushButton* readOnly = addButton(box, QObject::tr("Open Read-Only"), QMessageBox::ActionRole, "readOnlyButton");
    box.addButton(QMessageBox::Cancel);
    box.setDefaultButton(readOnly);
    box.exec();
    DatasetDecision d;
    if (box.clickedButton() == keep) d.options.editedRecordsFile = mr::dataset::EditedRecordsFile::KeepTheirs;
    else if (box.clickedButton() == backUp)
        d.options.editedRecordsFile = mr::dataset::EditedRecordsFile::BackUpAndRewrite;
    else if (box.clickedButton() == readOnly) d.readOnly = true;
    else return std::nullopt;
    return d;
}

}  // namespace

std::optional<DatasetDecision> askDatasetDecision(QWidget* parent, const QString& folder,
                                                  DatasetChoiceError::Choice choice,
                                                  const mr::dataset::FolderSurvey& survey, const QStringList& details) {
    switch (choice) {
        case DatasetChoiceError::Choice::ImportOrReadOnly: return askImport(parent, folder, survey);
        case DatasetChoiceError::Choice::CreateInNonEmpty: return askCreate(parent, folder, survey);
        case DatasetChoiceError::Choice::EditedRecordsFile: return askEdited(parent, folder, details);
    }
    return std::nullopt;
}

}  // namespace mr::app
