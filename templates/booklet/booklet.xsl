<?xml version="1.0" encoding="UTF-8"?>
<!--
  The booklet template: one edition's content (monolingual, after localize)
  to the document tree of templates/document.rng. Both the HTML and the PDF
  edition are written from its output, so they cannot diverge.

  Words the template adds itself (formats, labels) are in the s:strings
  table below, one entry per language; the names of the kinds of meeting
  are the content's (<kind>). What every kind shares (the words' lookup,
  the other editions, inline markup, images and credits) is in
  ../common.xsl.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:f="urn:folio:format"
                xmlns:s="urn:folio:strings"
                exclude-result-prefixes="f s">

  <xsl:import href="../common.xsl"/>
  <xsl:output method="xml" encoding="UTF-8" indent="no"/>

  <xsl:variable name="kind-strings" select="document('')/*/s:strings"/>

  <s:strings lang="es">
    <s:s key="format-online">en línea</s:s>
    <s:s key="format-hybrid">híbrida</s:s>
    <s:s key="format-in-person">presencial</s:s>
    <s:s key="tag-online">en línea</s:s>
    <s:s key="tag-hybrid">modalidad híbrida</s:s>
    <s:s key="tag-in-person">presencial</s:s>
    <s:s key="page">Página</s:s>
    <s:s key="contents">Contenido</s:s>
    <s:s key="table">Tabla</s:s>
    <s:s key="pdf">Descargar PDF</s:s>
    <s:s key="skip">Saltar al contenido</s:s>
    <s:s key="missing">Falta la traducción</s:s>
    <s:s key="language">Español</s:s>
    <s:s key="photo-credit">Foto:</s:s>
  </s:strings>
  <s:strings lang="en">
    <s:s key="format-online">online</s:s>
    <s:s key="format-hybrid">hybrid</s:s>
    <s:s key="format-in-person">in person</s:s>
    <s:s key="tag-online">online</s:s>
    <s:s key="tag-hybrid">hybrid</s:s>
    <s:s key="tag-in-person">in person</s:s>
    <s:s key="page">Page</s:s>
    <s:s key="contents">Contents</s:s>
    <s:s key="table">Table</s:s>
    <s:s key="pdf">Download PDF</s:s>
    <s:s key="skip">Skip to content</s:s>
    <s:s key="missing">Translation missing</s:s>
    <s:s key="language">English</s:s>
    <s:s key="photo-credit">Photo:</s:s>
  </s:strings>

  <!-- The name of the meeting's kind, its <ordinal/> the meeting's place
       among the meetings of that kind: "1.er Taller de fortalecimiento",
       "2.ª Reunión de intercambio", "2nd Strengthening Workshop". -->
  <xsl:template name="ordinal-noun">
    <xsl:param name="meeting"/>
    <xsl:variable name="place" select="count($meeting/preceding-sibling::meeting[@kind = $meeting/@kind]) + 1"/>
    <xsl:variable name="name">
      <xsl:for-each select="/booklet/meetings/kind[@id = $meeting/@kind]/name/node()">
        <xsl:choose>
          <xsl:when test="self::ordinal">
            <!-- a masculine ordinal before its noun is shortened: 1.er, 3.er -->
            <xsl:variable name="form">
              <xsl:choose>
                <xsl:when test="@gender = 'm' and following-sibling::node()[normalize-space()]">m-noun</xsl:when>
                <xsl:otherwise><xsl:value-of select="@gender"/></xsl:otherwise>
              </xsl:choose>
            </xsl:variable>
            <xsl:value-of select="f:ordinal($place, string($form))"/>
          </xsl:when>
          <xsl:otherwise><xsl:value-of select="."/></xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
    </xsl:variable>
    <xsl:value-of select="normalize-space($name)"/>
  </xsl:template>

  <xsl:template name="when">
    <xsl:param name="meeting"/>
    <xsl:value-of select="f:months($meeting/@start, string($meeting/@end))"/>
  </xsl:template>

  <xsl:template match="/booklet">
    <xsl:variable name="front" select="front"/>
    <document lang="{$lang}" locale="{@locale}" id="{@id}" kind="booklet">
      <info>
        <!-- plain text in attributes: a draft's stand-in text is marked
             there by its language, "[es] ..." -->
        <xsl:attribute name="title"><xsl:apply-templates select="$front/title" mode="plain"/></xsl:attribute>
        <xsl:attribute name="author"><xsl:apply-templates select="$front/publisher" mode="plain"/></xsl:attribute>
        <xsl:attribute name="subject">
          <xsl:apply-templates select="$front/series" mode="plain"/>
          <xsl:text> · </xsl:text>
          <xsl:apply-templates select="$front/place" mode="plain"/>
          <xsl:value-of select="concat(' ', f:years($front/period/@from, $front/period/@to))"/>
        </xsl:attribute>
        <xsl:attribute name="keywords"><xsl:apply-templates select="$front/keywords" mode="plain"/></xsl:attribute>
        <xsl:attribute name="short-title"><xsl:apply-templates select="$front/short-title" mode="plain"/></xsl:attribute>
        <xsl:call-template name="words">
          <xsl:with-param name="words" select="$strings/s:s[not(starts-with(@key, 'format-') or starts-with(@key, 'tag-'))]"/>
        </xsl:call-template>
      </info>
      <xsl:call-template name="alternates"/>
      <cover src="{f:src($front)}">
        <kicker><xsl:apply-templates select="$front/series/node()"/></kicker>
        <title><xsl:apply-templates select="$front/title/node()"/></title>
        <period>
          <xsl:apply-templates select="$front/place/node()"/>
          <xsl:value-of select="concat(' ', f:years($front/period/@from, $front/period/@to))"/>
        </period>
        <publisher><xsl:apply-templates select="$front/publisher/node()"/></publisher>
      </cover>
      <xsl:call-template name="contents"/>
      <xsl:apply-templates select="introduction | organizations | topics | meetings | gallery | learnings | testimonials"/>
      <backcover src="{f:src(closing/line)}">
        <title><xsl:apply-templates select="closing/line/node()"/></title>
        <p src="{f:src(closing/signature)}"><xsl:apply-templates select="closing/signature/node()"/></p>
      </backcover>
    </document>
  </xsl:template>

  <!-- Every part opens a new page with its kicker and heading. -->
  <xsl:template name="opener">
    <xsl:attribute name="id"><xsl:value-of select="@id"/></xsl:attribute>
    <xsl:attribute name="src"><xsl:value-of select="f:src(.)"/></xsl:attribute>
    <xsl:attribute name="opener">page</xsl:attribute>
    <kicker><xsl:apply-templates select="kicker/node()"/></kicker>
    <title><xsl:apply-templates select="heading/node()"/></title>
  </xsl:template>

  <xsl:template match="introduction">
    <section>
      <xsl:call-template name="opener"/>
      <xsl:apply-templates select="body/p"/>
      <stats src="{f:src(key-figures)}">
        <xsl:for-each select="key-figures/figure">
          <stat src="{f:src(.)}">
            <value>
              <xsl:value-of select="@prefix"/>
              <xsl:choose>
                <xsl:when test="@derive = 'meetings'"><xsl:value-of select="f:number(count(/booklet/meetings/meeting))"/></xsl:when>
                <xsl:when test="@derive = 'organizations'"><xsl:value-of select="f:number(count(/booklet/organizations/organization))"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="f:figure(@value)"/></xsl:otherwise>
              </xsl:choose>
            </value>
            <label><xsl:apply-templates select="label/node()"/></label>
          </stat>
        </xsl:for-each>
      </stats>
    </section>
  </xsl:template>

  <xsl:template match="organizations">
    <section>
      <xsl:call-template name="opener"/>
      <cards src="{f:src(.)}">
        <xsl:for-each select="organization">
          <card src="{f:src(.)}">
            <title><xsl:apply-templates select="name/node()"/></title>
            <xsl:if test="@href">
              <link href="{@href}"><xsl:value-of select="normalize-space(link-text)"/></link>
            </xsl:if>
          </card>
        </xsl:for-each>
      </cards>
    </section>
  </xsl:template>

  <xsl:template match="topics">
    <section>
      <xsl:call-template name="opener"/>
      <xsl:apply-templates select="body/p | quote"/>
    </section>
  </xsl:template>

  <xsl:template match="quote">
    <quote src="{f:src(.)}">
      <xsl:attribute name="style">
        <xsl:choose>
          <xsl:when test="parent::testimonials">testimonial</xsl:when>
          <xsl:otherwise>pull</xsl:otherwise>
        </xsl:choose>
      </xsl:attribute>
      <xsl:apply-templates select="body/p"/>
      <!-- the organization as printed: the affiliation, else the member's
           name; none for a person of no organization -->
      <xsl:variable name="org" select="affiliation | /booklet/organizations/organization[@id = current()/@org][not(current()/affiliation)]/name"/>
      <cite>
        <xsl:choose>
          <xsl:when test="person">
            <name><xsl:apply-templates select="person/node()"/></name>
            <xsl:if test="$org">
              <org><xsl:apply-templates select="$org/node()"/></org>
            </xsl:if>
          </xsl:when>
          <!-- an organization speaking for itself is the name -->
          <xsl:otherwise><name><xsl:apply-templates select="$org/node()"/></name></xsl:otherwise>
        </xsl:choose>
      </cite>
    </quote>
  </xsl:template>

  <xsl:template match="meetings">
    <section>
      <xsl:call-template name="opener"/>
      <xsl:apply-templates select="body/p"/>
      <timeline src="{f:src(.)}">
        <xsl:for-each select="meeting">
          <entry id="{@id}" src="{f:src(.)}">
            <label><xsl:call-template name="ordinal-noun"><xsl:with-param name="meeting" select="."/></xsl:call-template></label>
            <when><xsl:call-template name="when"><xsl:with-param name="meeting" select="."/></xsl:call-template></when>
            <tag>
              <xsl:call-template name="string"><xsl:with-param name="key" select="concat('tag-', @format)"/></xsl:call-template>
            </tag>
            <xsl:apply-templates select="description/p"/>
            <xsl:if test="agenda-item">
              <list src="{f:src(agenda-item[1])}">
                <xsl:for-each select="agenda-item">
                  <item src="{f:src(.)}"><xsl:apply-templates select="node()"/></item>
                </xsl:for-each>
              </list>
            </xsl:if>
          </entry>
        </xsl:for-each>
      </timeline>
    </section>
  </xsl:template>

  <xsl:template match="gallery">
    <section>
      <xsl:call-template name="opener"/>
      <gallery src="{f:src(.)}">
        <xsl:for-each select="photo-of | photo">
          <xsl:variable name="meeting" select="/booklet/meetings/meeting[@id = current()/@meeting]"/>
          <photo src="{f:src(.)}">
            <xsl:apply-templates select="image | $meeting/photo/image"/>
            <xsl:if test="self::photo">
              <caption><xsl:apply-templates select="caption/node()"/></caption>
              <xsl:apply-templates select="image/credit"/>
            </xsl:if>
            <xsl:if test="self::photo-of">
            <title>
              <xsl:call-template name="ordinal-noun">
                <xsl:with-param name="meeting" select="$meeting"/>
              </xsl:call-template>
              <xsl:text> (</xsl:text>
              <xsl:call-template name="string"><xsl:with-param name="key" select="concat('format-', $meeting/@format)"/></xsl:call-template>
              <xsl:text>)</xsl:text>
            </title>
            <when><xsl:call-template name="when"><xsl:with-param name="meeting" select="$meeting"/></xsl:call-template></when>
            <caption>
              <xsl:for-each select="$meeting/photo/caption/p">
                <xsl:if test="position() > 1"><xsl:text> </xsl:text></xsl:if>
                <xsl:apply-templates select="node()"/>
              </xsl:for-each>
            </caption>
            <xsl:apply-templates select="$meeting/photo/image/credit"/>
            </xsl:if>
          </photo>
        </xsl:for-each>
      </gallery>
    </section>
  </xsl:template>

  <xsl:template match="learnings">
    <section>
      <xsl:call-template name="opener"/>
      <xsl:apply-templates select="challenges/p"/>
      <h level="2" src="{f:src(learnings-heading)}"><xsl:apply-templates select="learnings-heading/node()"/></h>
      <p style="lead" src="{f:src(lead)}"><xsl:apply-templates select="lead/node()"/></p>
      <cards src="{f:src(learning[1])}">
        <xsl:for-each select="learning">
          <card src="{f:src(.)}">
            <title><xsl:apply-templates select="title/node()"/></title>
            <xsl:apply-templates select="body/p"/>
          </card>
        </xsl:for-each>
      </cards>
    </section>
  </xsl:template>

  <xsl:template match="testimonials">
    <section>
      <xsl:call-template name="opener"/>
      <xsl:apply-templates select="quote"/>
    </section>
  </xsl:template>

  <!-- A paragraph; the introduction's first is its lead. [1] lets libxml2 stop at
       the nearest preceding paragraph instead of collecting them all. -->
  <xsl:template match="p">
    <p src="{f:src(.)}">
      <xsl:if test="parent::body/parent::introduction and not(preceding-sibling::p[1])">
        <xsl:attribute name="style">lead</xsl:attribute>
      </xsl:if>
      <xsl:apply-templates select="node()"/>
    </p>
  </xsl:template>
</xsl:stylesheet>
