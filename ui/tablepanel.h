#pragma once

// TablePanel: one of the workstation's tables — a filter box over a sortable QTableView on a
// RecordFilterProxy, with a context menu to copy the selected rows (tab-separated, for a
// spreadsheet) and to export the visible rows as CSV.

#include <QWidget>

class QLineEdit;
class QTableView;
class QHBoxLayout;
class QAbstractItemModel;

namespace meridian::ui {

class RecordFilterProxy;

// The rows of `model` (all, or only `rows` when given) with a header line, as CSV (RFC 4180
// quoting) or, with a tab separator, as text for the clipboard.
QString tableText(const QAbstractItemModel &model, const QList<int> &rows, QChar separator);

class TablePanel : public QWidget
{
    Q_OBJECT

public:
    TablePanel(QAbstractItemModel *model, const QString &name, QWidget *parent = nullptr);

    QTableView *view() const { return m_view; }
    RecordFilterProxy *proxy() const { return m_proxy; }
    QLineEdit *filterEdit() const { return m_filter; }
    // Widgets placed beside the filter box (the log's severity selector).
    QHBoxLayout *toolRow() const { return m_toolRow; }

    void copySelection() const;
    // Sizes the columns to their contents (within limits).
    void fitColumns();
    // Every column shares the width instead (the metrics table).
    void setStretchColumns();
    // Writes the visible rows as CSV; false with `error` set when the file cannot be written.
    bool exportCsv(const QString &path, QString *error) const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void showContextMenu(const QPoint &position);
    void retranslate();

    QString m_name;
    QAbstractItemModel *m_model;
    RecordFilterProxy *m_proxy;
    QLineEdit *m_filter;
    QTableView *m_view;
    QHBoxLayout *m_toolRow;
    bool m_stretch = false;
};

} // namespace meridian::ui
