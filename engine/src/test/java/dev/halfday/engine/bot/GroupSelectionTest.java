package dev.halfday.engine.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GroupSelectionTest {

    @Test
    void allOnlyNamedOrAllButNamed() {
        assertThat(GroupSelection.allGroups().matches("@@1", "Family")).isTrue();
        assertThat(GroupSelection.none().matches("@@1", "Family")).isFalse();
        GroupSelection only = GroupSelection.of(List.of("Family", "wrkB"));
        assertThat(only.matches("@@1", "Family")).isTrue();
        assertThat(only.matches("wrkB", "wrkB")).isTrue();
        assertThat(only.matches("@@2", "Work")).isFalse();
        GroupSelection allBut = GroupSelection.allExcept(List.of("wrkNoisy"));
        assertThat(allBut.everyGroup()).isTrue();
        assertThat(allBut.matches("wrkNoisy", "wrkNoisy")).isFalse();
        assertThat(allBut.matches("wrkNew", "wrkNew")).as("a group never seen before is served").isTrue();
    }
}
