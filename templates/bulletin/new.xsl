<?xml version="1.0" encoding="UTF-8"?>
<!--
  The next issue of a bulletin, for folio new (with its from option): the
  bilingual content of an issue to the content of the next one. Kept: the
  editions, series, program, tagline, publisher, the sections with their
  kickers and headings, the figures' labels, the coverage and the
  sentence that counts it (its counts computed, no longer stated), the
  partners. Advanced: the semester and the issue number. Named: this
  issue as the previous one, so each figure shows its change. Everything
  else (every figure, text, workshop, story, photo, date) is one <fill/>,
  which folio check lists until it is filled.
-->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">
  <xsl:output method="xml" encoding="UTF-8" indent="yes"/>
  <xsl:strip-space elements="bulletin masthead in-this-issue section figures figure coverage department district workshops list dates date story photo partners"/>
  <!-- this issue's publication.xml as the new one reaches it -->
  <xsl:param name="previous"/>

  <xsl:template match="@* | node()">
    <xsl:copy><xsl:apply-templates select="@* | node()"/></xsl:copy>
  </xsl:template>
  <xsl:template match="comment()"/>

  <xsl:template match="/bulletin">
    <xsl:comment> The next issue, started by folio new from <xsl:value-of select="$previous"/>: write what each fill element stands for; folio check lists those left. </xsl:comment>
    <xsl:copy><xsl:apply-templates select="@* | node()"/></xsl:copy>
  </xsl:template>

  <xsl:template match="period/@semester">
    <xsl:variable name="year" select="number(substring-before(., '-'))"/>
    <xsl:attribute name="semester">
      <xsl:choose>
        <xsl:when test="substring-after(., '-') = '1'"><xsl:value-of select="concat($year, '-2')"/></xsl:when>
        <xsl:otherwise><xsl:value-of select="concat($year + 1, '-1')"/></xsl:otherwise>
      </xsl:choose>
    </xsl:attribute>
  </xsl:template>
  <xsl:template match="period/@issue">
    <xsl:attribute name="issue"><xsl:value-of select=". + 1"/></xsl:attribute>
  </xsl:template>

  <xsl:template match="masthead">
    <xsl:copy><xsl:apply-templates select="@* | node()"/></xsl:copy>
    <previous href="{$previous}"/>
  </xsl:template>
  <xsl:template match="/bulletin/previous"/>

  <!-- a unit to write again: each language one <fill/> (in a paragraph
       for prose) -->
  <xsl:template match="headline | in-this-issue/item | section/*[not(self::kicker or self::heading or self::figures or self::coverage)]//*[es or en] | section/*[es or en][not(self::kicker or self::heading)]" priority="2">
    <xsl:copy>
      <xsl:apply-templates select="@*"/>
      <xsl:for-each select="es | en">
        <xsl:copy>
          <xsl:choose>
            <xsl:when test="p"><p><fill>…</fill></p></xsl:when>
            <xsl:otherwise><fill>…</fill></xsl:otherwise>
          </xsl:choose>
        </xsl:copy>
      </xsl:for-each>
    </xsl:copy>
  </xsl:template>

  <!-- the sentence about the coverage stays, its counts computed -->
  <xsl:template match="section[coverage]/body//value/@stated" priority="3"/>
  <xsl:template match="section[coverage]/body" priority="3">
    <xsl:copy><xsl:apply-templates select="@* | node()"/></xsl:copy>
  </xsl:template>

  <xsl:template match="figure/@value"/>
  <xsl:template match="figure">
    <xsl:copy><xsl:apply-templates select="@*"/><fill/><xsl:apply-templates select="node()"/></xsl:copy>
  </xsl:template>

  <!-- lists of things done: one of each, to fill (more are added alike) -->
  <xsl:template match="workshop[1]"><workshop><fill/></workshop></xsl:template>
  <xsl:template match="workshop[position() > 1] | list/item[position() > 1] | story[preceding-sibling::story] | date[position() > 1] | section/photo[preceding-sibling::photo] | story/photo[position() > 1]" priority="4"/>
  <xsl:template match="image" priority="4"/>
</xsl:stylesheet>
