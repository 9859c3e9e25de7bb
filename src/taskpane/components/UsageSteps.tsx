import { Caption1, makeStyles, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  steps: {
    margin: 0,
    marginTop: tokens.spacingVerticalXS,
    paddingLeft: tokens.spacingHorizontalL,
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXXS,
  },
});

/** the web page's first words: which tabs a county uses and which the city does */
export function UsageSteps() {
  const styles = useStyles();
  return (
    <section aria-label="使用步骤">
      <ul className={styles.steps}>
        <li>
          <Caption1>
            <b>县区：</b>下载空白模板 → 填写 → 一键校验自查 → 报送市局
          </Caption1>
        </li>
        <li>
          <Caption1>
            <b>市：</b>收齐各县区文件 → 汇总 → 下载汇总表上报
          </Caption1>
        </li>
      </ul>
    </section>
  );
}
