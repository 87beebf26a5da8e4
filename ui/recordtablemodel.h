#pragma once

// RecordTableModel: the common ground of the workstation's tables (trades, orders, fills,
// positions, metrics, log, runs). A subclass says how many rows it has, its column titles and
// what one cell shows; this class turns that into the item-model roles: display text, a sort key
// (SortRole, numbers sort as numbers), the raw value (RawRole, e.g. the exact JSON value of a
// metric), right alignment for figures and a colour for the sign of PnL-like values.

#include <QAbstractTableModel>
#include <QColor>
#include <QStringList>

namespace meridian::ui {

class RecordTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Role { SortRole = Qt::UserRole + 1, RawRole };

    explicit RecordTableModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Colours for positive and negative figures (from the theme).
    void setSignColors(const QColor &positive, const QColor &negative);

protected:
    struct Cell
    {
        QString text;
        QVariant sort;      // defaults to the text
        int sign = 0;       // -1 / +1 colour the text; 0 leaves it alone
        bool figure = false; // right-aligned
        QString toolTip;
        QVariant raw;       // RawRole; defaults to the sort key
    };

    virtual int recordCount() const = 0;
    virtual QStringList headers() const = 0;
    virtual Cell cell(int row, int column) const = 0;

    static Cell text(const QString &value) { return {value, {}, 0, false, {}, {}}; }
    static Cell figure(const QString &value, const QVariant &sort, int sign = 0)
    {
        return {value, sort, sign, true, {}, {}};
    }

private:
    QColor m_positive{QStringLiteral("#26a69a")};
    QColor m_negative{QStringLiteral("#ef5350")};
    mutable int m_columns = -1;
};

} // namespace meridian::ui
