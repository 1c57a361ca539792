#include "session/measuring_worker.h"

#include <csignal>

#include "window/window_text.h"

namespace attnscope {

MeasuringWorker::MeasuringWorker(QString program, QStringList arguments, QObject* parent)
    : QObject(parent),
      program_(std::move(program)),
      arguments_(std::move(arguments)),
      killTimer_(new QTimer(this)) {
    killTimer_->setSingleShot(true);
    killTimer_->setInterval(kStopGraceMs);
    connect(killTimer_, &QTimer::timeout, this, [this] {
        if (!busy_ || !cancelling_) return;
        stopProcess();  // it did not stop in time; the next point starts a fresh one
        busy_ = false;
        cancelling_ = false;
        emit pointCancelled();
    });
}

MeasuringWorker::~MeasuringWorker() {
    if (!process_) return;
    disconnect(process_, nullptr, this, nullptr);
    process_->write(
        QByteArray::fromStdString(encodeWorkerRequest(workerRequest(WorkerRequest::Kind::quit)) + "\n"));
    process_->closeWriteChannel();
    if (!process_->waitForFinished(kStopGraceMs)) process_->kill();
    process_->waitForFinished(1000);
}

qint64 MeasuringWorker::processId() const {
    return process_ ? process_->processId() : 0;
}

void MeasuringWorker::startProcess(const QString& cpus) {
    process_ = new QProcess(this);
    process_->setProgram(program_);
    QStringList arguments = arguments_;
    if (!cpus.isEmpty()) arguments << QStringLiteral("--cpus") << cpus;
    process_->setArguments(arguments);
    process_->setProcessChannelMode(QProcess::ForwardedErrorChannel);
    cpus_ = cpus;
    connect(process_, &QProcess::readyReadStandardOutput, this, &MeasuringWorker::onReadyRead);
    connect(process_, &QProcess::finished, this, &MeasuringWorker::onFinished);
    connect(process_, &QProcess::errorOccurred, this, &MeasuringWorker::onErrorOccurred);
    process_->start();
}

void MeasuringWorker::stopProcess() {
    if (!process_) return;
    disconnect(process_, nullptr, this, nullptr);
    process_->kill();
    process_->waitForFinished(1000);  // SIGKILL: milliseconds
    process_->deleteLater();
    process_ = nullptr;
}

void MeasuringWorker::run(const BenchmarkPoint& point, const InputPaths& inputs, const RunnerOptions& options,
                          const QString& cpus) {
    if (process_ && cpus != cpus_) stopProcess();
    if (!process_) startProcess(cpus);
    busy_ = true;
    cancelling_ = false;
    currentId_ = nextId_++;
    current_ = point;
    current_.inputs = nullptr;
    WorkerRequest request;
    request.id = currentId_;
    request.point = current_;
    request.input_paths = inputs;
    request.options = options;
    process_->write(QByteArray::fromStdString(encodeWorkerRequest(request) + "\n"));
}

void MeasuringWorker::cancel() {
    if (!busy_ || cancelling_) return;
    cancelling_ = true;
    if (process_) {
        process_->write(QByteArray::fromStdString(
            encodeWorkerRequest(workerRequest(WorkerRequest::Kind::cancel)) + "\n"));
    }
    killTimer_->start();
}

void MeasuringWorker::onReadyRead() {
    while (process_ && process_->canReadLine()) {
        const QByteArray line = process_->readLine().trimmed();
        if (line.isEmpty()) continue;
        WorkerMessage message;
        try {
            message =
                parseWorkerMessage(std::string_view(line.constData(), static_cast<std::size_t>(line.size())));
        } catch (const WorkerProtocolError& error) {
            failPoint(
                windowTr("the measuring process sent a line outside its protocol (%1); it was restarted")
                    .arg(QString::fromStdString(error.what())),
                true);
            return;
        }
        answer(message);
    }
}

void MeasuringWorker::answer(const WorkerMessage& message) {
    if (!busy_ || message.id != currentId_) return;  // ready, or about a point already answered
    switch (message.kind) {
        case WorkerMessage::Kind::ready:
        case WorkerMessage::Kind::started:
            return;
        case WorkerMessage::Kind::cancelled:
            killTimer_->stop();
            busy_ = false;
            cancelling_ = false;
            emit pointCancelled();
            return;
        case WorkerMessage::Kind::result:
            killTimer_->stop();
            busy_ = false;
            if (cancelling_) {
                // Finished before it heard the cancel: a complete measurement, but the user asked to stop.
                cancelling_ = false;
                emit pointCancelled();
                return;
            }
            emit pointMeasured(message.result, message.measured_from, message.measured_to);
            return;
    }
}

void MeasuringWorker::failPoint(const QString& why, bool kill) {
    if (kill) stopProcess();
    if (!busy_) return;
    killTimer_->stop();
    busy_ = false;
    if (cancelling_) {
        cancelling_ = false;
        emit pointCancelled();
        return;
    }
    BenchmarkResult result;
    result.point = current_;
    result.error = why.toStdString();
    emit pointMeasured(result, 0, 0);
}

void MeasuringWorker::onFinished(int exitCode, QProcess::ExitStatus status) {
    const QString name = QString::fromStdString(current_.name());
    QString how = status == QProcess::CrashExit ? windowTr("killed by signal %1").arg(exitCode)
                                                : windowTr("exited with code %1").arg(exitCode);
    if (status == QProcess::CrashExit && exitCode == SIGKILL)
        how += windowTr(" (the out-of-memory killer, or a user)");
    process_->deleteLater();
    process_ = nullptr;
    failPoint(windowTr("measuring process ended: %1 while running %2; it restarts for the next point")
                  .arg(how, name),
              false);
}

void MeasuringWorker::onErrorOccurred(QProcess::ProcessError error) {
    if (error != QProcess::FailedToStart) return;  // crashes arrive through finished()
    const QString reason = windowTr("cannot start the measuring process %1: %2")
                               .arg(program_, process_ ? process_->errorString() : QString());
    if (process_) {
        disconnect(process_, nullptr, this, nullptr);
        process_->deleteLater();
        process_ = nullptr;
    }
    const bool wasBusy = busy_;
    busy_ = false;
    cancelling_ = false;
    killTimer_->stop();
    if (wasBusy) emit failedToStart(reason);
}

}  // namespace attnscope
