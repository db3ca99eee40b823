/*
 * Get Started, "Where you are now" and the timeline's position form: the role picker lists only the
 * rungs of the track chosen above it. Every <select data-rungs-for="<id of the track select>"> has one
 * <optgroup> per track whose options carry data-track="<slug>"; when a track is chosen, only its group
 * stays (under the track's name), and choosing another track brings that track's rungs instead.
 * Without JavaScript every group is listed, the chosen track's first and the others under
 * "Another track: …". No inline scripts: load with <script src=… defer>.
 */
(function () {
  "use strict";

  function groupTrack(group) {
    var option = group.querySelector("option[data-track]");
    return option ? option.getAttribute("data-track") : null;
  }

  function narrow(roleSelect, trackSelect, groups) {
    var slug = trackSelect.value;
    var chosen = trackSelect.options[trackSelect.selectedIndex];
    var value = roleSelect.value;
    var keep = groups.filter(function (group) {
      return !slug || group.track === slug;
    });
    groups.forEach(function (group) {
      if (group.element.parentNode) {
        group.element.parentNode.removeChild(group.element);
      }
    });
    keep.forEach(function (group) {
      group.element.label = slug && chosen ? chosen.text : group.label;
      roleSelect.appendChild(group.element);
    });
    var stillThere = Array.prototype.some.call(roleSelect.options, function (option) {
      return option.value === value;
    });
    roleSelect.value = stillThere ? value : "";
  }

  Array.prototype.forEach.call(document.querySelectorAll("select[data-rungs-for]"), function (roleSelect) {
    var trackSelect = document.getElementById(roleSelect.getAttribute("data-rungs-for"));
    if (!trackSelect) {
      return;
    }
    var groups = Array.prototype.map.call(roleSelect.querySelectorAll("optgroup"), function (element) {
      var label = element.label.replace(/^Another track: /, "");
      return { element: element, track: groupTrack(element), label: label };
    });
    narrow(roleSelect, trackSelect, groups);
    trackSelect.addEventListener("change", function () {
      narrow(roleSelect, trackSelect, groups);
    });
  });
})();
