import { MessageBar, MessageBarBody, MessageBarTitle, Caption1 } from "@fluentui/react-components";
import { errorText } from "../text";

/** A failed action, in words the user can act on. */
export function ErrorBar({ error, title = "操作未完成" }: { error: unknown; title?: string }) {
  const { message, detail } = errorText(error);
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{title}</MessageBarTitle>
        {message}
        {detail ? (
          <>
            <br />
            <Caption1>（{detail}）</Caption1>
          </>
        ) : null}
      </MessageBarBody>
    </MessageBar>
  );
}
