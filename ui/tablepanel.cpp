#include "ui/tablepanel.h"

#include "ui/recordfilterproxy.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QEvent>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QSaveFile>
#include <QTableView>
#include <QVBoxLayout>

namespace meridian::ui {

namespace {

QString quoted(const QString &field, QChar separator)
{
    if (separator == QLatin1Char('\t'))
        return QString(field).replace(QLatin1Char('\t'), QLatin1Char(' ')).replace(QLatin1Char('\n'), QLatin1Char(' '));
    if (!field.contains(separator) && !field.contains(QLatin1Char('"')) && !field.contains(QLatin1Char('\n')))
        return field;
    return QLatin1Char('"') + QString(field).replace(QLatin1String("\""), QLatin1String("\"\"")) + QLatin1Char('"');
}

} // namespace

QString tableText(const QAbstractItemModel &model, const QList<int> &rows, QChar separator)
{
    QString text;
    const int columns = model.columnCount();
    QStringList header;
    for (int column = 0; column < columns; ++column)
        header << quoted(model.headerData(column, Qt::Horizontal).toString(), separator);
    text += header.join(separator) + QLatin1Char('\n');
    const auto writeRow = [&](int row) {
        QStringList fields;
        for (int column = 0; column < columns; ++column)
            fields << quoted(model.index(row, column).data().toString(), separator);
        text += fields.join(separator) + QLatin1Char('\n');
    };
    if (rows.isEmpty()) {
        for (int row = 0; row < model.rowCount(); ++row)
            writeRow(row);
    } else {
        for (const int row : rows)
            writeRow(row);
    }
    return text;
}

TablePanel::TablePanel(QAbstractItemModel *model, const QString &name, QWidget *parent)
    : QWidget(parent)
    , m_name(name)
    , m_model(model)
    , m_proxy(new RecordFilterProxy(this))
    , m_filter(new QLineEdit(this))
    , m_view(new QTableView(this))
    , m_toolRow(new QHBoxLayout)
{
    m_proxy->setSourceModel(model);
    m_view->setModel(m_proxy);
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(-1, Qt::AscendingOrder); // the model's own order until a header is clicked
    m_view->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_view->setAlternatingRowColors(true);
    m_view->setWordWrap(false);
    m_view->verticalHeader()->setVisible(false);
    m_view->verticalHeader()->setDefaultSectionSize(m_view->fontMetrics().height() + 8);
    // Fitting the columns measures the rows in view and this many more (Qt's default, 1,000,
    // formats 19,000 cells of a big orders table: 10 ms on the GUI thread for one fit).
    m_view->verticalHeader()->setResizeContentsPrecision(100);
    // No stretched last column: it would pull e.g. "Commission" across half the table.
    m_view->horizontalHeader()->setStretchLastSection(false);
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_view->horizontalHeader()->setDefaultSectionSize(96);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setMinimumSize(240, 120);
    connect(m_view, &QWidget::customContextMenuRequested, this, &TablePanel::showContextMenu);
    auto *copy = new QAction(this);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(copy, &QAction::triggered, this, &TablePanel::copySelection);
    m_view->addAction(copy);
    // Columns fit their contents whenever a whole new table arrives, and when the first rows
    // of a live table do (not on every live row). Sizing reads at most 100 rows, so fitting
    // a table of 100,000 rows stays a short job.
    m_view->horizontalHeader()->setResizeContentsPrecision(100);
    connect(model, &QAbstractItemModel::modelReset, this, &TablePanel::fitColumns);
    connect(model, &QAbstractItemModel::rowsInserted, this, [this](const QModelIndex &, int first) {
        if (first == 0)
            fitColumns();
    });

    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_proxy, &RecordFilterProxy::setFilterText);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->setSpacing(4);
    m_toolRow->setSpacing(6);
    m_toolRow->addWidget(m_filter, 1);
    layout->addLayout(m_toolRow);
    layout->addWidget(m_view, 1);
    retranslate();
}

void TablePanel::setStretchColumns()
{
    m_stretch = true;
    m_view->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
}

void TablePanel::fitColumns()
{
    if (m_stretch)
        return;
    m_view->resizeColumnsToContents();
    QHeaderView *header = m_view->horizontalHeader();
    for (int column = 0; column < header->count(); ++column)
        header->resizeSection(column, std::clamp(header->sectionSize(column), 48, 320));
}

void TablePanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslate();
    QWidget::changeEvent(event);
}

void TablePanel::retranslate()
{
    m_filter->setPlaceholderText(tr("Filter %1…").arg(m_name));
    m_filter->setToolTip(tr("Show only rows that contain this text (any column)"));
}

void TablePanel::copySelection() const
{
    QList<int> rows;
    for (const QModelIndex &index : m_view->selectionModel()->selectedRows())
        rows << index.row();
    std::sort(rows.begin(), rows.end());
    QApplication::clipboard()->setText(tableText(*m_proxy, rows, QLatin1Char('\t')));
}

bool TablePanel::exportCsv(const QString &path, QString *error) const
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        if (error != nullptr)
            *error = tr("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    file.write(tableText(*m_proxy, {}, QLatin1Char(',')).toUtf8());
    if (!file.commit()) {
        if (error != nullptr)
            *error = tr("cannot write %1: %2").arg(path, file.errorString());
        return false;
    }
    return true;
}

void TablePanel::showContextMenu(const QPoint &position)
{
    QMenu menu(this);
    QAction *copy = menu.addAction(tr("Copy selected rows"));
    copy->setShortcut(QKeySequence::Copy);
    copy->setEnabled(m_view->selectionModel()->hasSelection());
    QAction *exportAction = menu.addAction(tr("Export as CSV…"));
    exportAction->setEnabled(m_proxy->rowCount() > 0);
    QAction *chosen = menu.exec(m_view->viewport()->mapToGlobal(position));
    if (chosen == copy) {
        copySelection();
    } else if (chosen == exportAction) {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export %1").arg(m_name),
                                                          m_name.toLower() + QStringLiteral(".csv"),
                                                          tr("CSV files (*.csv)"));
        QString error;
        if (!path.isEmpty() && !exportCsv(path, &error))
            QMessageBox::warning(this, tr("Export failed"), error);
    }
}

} // namespace meridian::ui
