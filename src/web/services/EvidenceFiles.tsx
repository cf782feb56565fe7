import { DeleteOutlined, PaperClipOutlined, UploadOutlined } from '@ant-design/icons';
import { App, Button, Flex, Popconfirm, Progress, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useDeleteEvidence, useUploadEvidence, type EvidenceFile } from '../api/services-hooks.ts';
import { useShowError } from '../error-policy.ts';
import { EVIDENCE_ACCEPT, MAX_EVIDENCE_BYTES, fileSize } from './service-form.ts';

/**
 * The photos and documents of one record: download links (always attachments), upload with progress, delete.
 * `uploadPath` is the record's `/files` endpoint; an activity deletes through its own route.
 */
export function EvidenceFiles({
  files,
  uploadPath,
  writable,
  personId,
  activityId,
}: {
  files: readonly EvidenceFile[];
  uploadPath: string;
  writable: boolean;
  personId?: number;
  activityId?: number;
}) {
  const [progress, setProgress] = useState<number | null>(null);
  const up = useUploadEvidence(setProgress);
  const del = useDeleteEvidence();
  const showError = useShowError();
  const { message } = App.useApp();

  const send = (file: File) => {
    if (file.size > MAX_EVIDENCE_BYTES) {
      void message.error('文件不能超过 5 MB');
      return false;
    }
    setProgress(0);
    up.mutate(
      { path: uploadPath, file, ...(personId ? { personId } : {}) },
      {
        onSuccess: () => void message.success(`已上传：${file.name}`),
        onError: showError,
        onSettled: () => setProgress(null),
      },
    );
    return false;
  };

  return (
    <Flex vertical gap={4} data-testid="evidence-files">
      {files.map((f) => (
        <Flex key={f.id} gap={6} align="center" wrap>
          <PaperClipOutlined />
          <a href={`/api/files/${f.id}`} download={f.filename} style={{ wordBreak: 'break-all' }}>
            {f.filename}
          </a>
          <Typography.Text type="secondary">{fileSize(f.size)}</Typography.Text>
          {writable && (
            <Popconfirm
              title="删除这个文件？"
              okText="删除"
              cancelText="取消"
              onConfirm={() =>
                del.mutate({
                  fileId: f.id,
                  ...(activityId ? { activityId } : {}),
                  ...(personId ? { personId } : {}),
                })
              }
            >
              <Button
                size="small"
                type="text"
                danger
                icon={<DeleteOutlined />}
                aria-label={`删除 ${f.filename}`}
              />
            </Popconfirm>
          )}
        </Flex>
      ))}
      {writable && (
        <Flex gap={8} align="center" wrap>
          <Upload
            accept={EVIDENCE_ACCEPT}
            showUploadList={false}
            beforeUpload={send}
            disabled={progress !== null}
          >
            <Button size="small" icon={<UploadOutlined />} loading={progress !== null}>
              上传照片或材料
            </Button>
          </Upload>
          {progress !== null && (
            <Progress percent={progress} size="small" style={{ width: 120, margin: 0 }} />
          )}
        </Flex>
      )}
    </Flex>
  );
}
