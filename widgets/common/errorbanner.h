#pragma once
// An inline message strip shown at the top of the panel the user is looking at, in the
// spirit of KMessageWidget: an error says what went wrong and what to do, optionally
// with one action button ("Retry", "Edit connection…"). Colours come from the system
// palette, tinted, so it reads in light and dark themes.

#include <QFrame>

class QLabel;
class QPushButton;

namespace cachescope {

class ErrorBanner : public QFrame
{
    Q_OBJECT
public:
    enum class Level { Error, Warning, Info };

    explicit ErrorBanner(QWidget *parent = nullptr);

    // Shows the banner; an empty actionText hides the action button.
    void showMessage(const QString &text, Level level = Level::Error, const QString &actionText = {});
    QString text() const;
    Level level() const { return m_level; }

Q_SIGNALS:
    void actionTriggered();

private:
    void applyLevelColours();

    QLabel *m_icon = nullptr;
    QLabel *m_text = nullptr;
    QPushButton *m_action = nullptr;
    Level m_level = Level::Error;
};

} // namespace cachescope
